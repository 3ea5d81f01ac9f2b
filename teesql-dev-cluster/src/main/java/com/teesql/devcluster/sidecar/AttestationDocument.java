package com.teesql.devcluster.sidecar;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.teesql.devcluster.postgres.PostgresState;
import com.teesql.jdbc.sidecar.SidecarAttestationDocument;

/**
 * Builds the body of {@code GET /attestation} (protocol.md 8), the {@link SidecarAttestationDocument} the starter
 * reads, around a fresh quote whose REPORTDATA follows the documented formula
 * ({@link SidecarAttestationDocument#reportData(String, String, long)}).
 */
final class AttestationDocument {

	private AttestationDocument() {
	}

	static byte[] reportData(PostgresState state, long timestamp) {
		return SidecarAttestationDocument.reportData(state.walLsn(), state.controldataHash(), timestamp);
	}

	static Map<String, Object> build(AttestationSource source, PostgresState state, long timestamp) throws Exception {
		Map<String, String> measurements = source.tcbInfo();
		Map<String, String> tcbInfo = new LinkedHashMap<>();
		for (String field : SidecarAttestationDocument.TCB_FIELDS) {
			String value = measurements.get(field);
			if (value == null) {
				throw new IllegalStateException("attestation source has no tcb_info." + field);
			}
			tcbInfo.put(field, value);
		}
		byte[] quote = source.quote(reportData(state, timestamp));
		return new SidecarAttestationDocument(source.appId(), source.composeHash(), source.instanceId(),
				HexFormat.of().formatHex(quote), tcbInfo,
				new SidecarAttestationDocument.PostgresState(state.walLsn(), state.controldataHash(),
						state.pgVersion()),
				timestamp)
			.toJson();
	}

}
