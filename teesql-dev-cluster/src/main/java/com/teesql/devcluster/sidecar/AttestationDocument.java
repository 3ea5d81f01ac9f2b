package com.teesql.devcluster.sidecar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.teesql.devcluster.postgres.PostgresState;

/**
 * Builds the body of {@code GET /attestation} (protocol.md 8) around a fresh quote whose REPORTDATA is
 * {@code SHA-256(wal_lsn ‖ controldata_hash ‖ timestamp)} zero-padded to 64 bytes: the UTF-8 text of the LSN, the hex
 * text of the hash and the decimal seconds, exactly as they appear in the JSON.
 */
final class AttestationDocument {

	static final List<String> TCB_FIELDS = List.of("mrtd", "rtmr0", "rtmr1", "rtmr2", "rtmr3");

	private AttestationDocument() {
	}

	static byte[] reportData(PostgresState state, long timestamp) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(state.walLsn().getBytes(StandardCharsets.UTF_8));
			sha256.update(state.controldataHash().getBytes(StandardCharsets.UTF_8));
			sha256.update(Long.toString(timestamp).getBytes(StandardCharsets.UTF_8));
			byte[] reportData = new byte[64];
			System.arraycopy(sha256.digest(), 0, reportData, 0, 32);
			return reportData;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from the JDK", ex);
		}
	}

	static Map<String, Object> build(AttestationSource source, PostgresState state, long timestamp) throws Exception {
		Map<String, String> measurements = source.tcbInfo();
		Map<String, String> tcbInfo = new LinkedHashMap<>();
		for (String field : TCB_FIELDS) {
			String value = measurements.get(field);
			if (value == null) {
				throw new IllegalStateException("attestation source has no tcb_info." + field);
			}
			tcbInfo.put(field, value);
		}
		byte[] quote = source.quote(reportData(state, timestamp));
		Map<String, Object> postgresState = new LinkedHashMap<>();
		postgresState.put("wal_lsn", state.walLsn());
		postgresState.put("controldata_hash", state.controldataHash());
		postgresState.put("pg_version", state.pgVersion());
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("app_id", source.appId());
		document.put("compose_hash", source.composeHash());
		document.put("instance_id", source.instanceId());
		document.put("quote", HexFormat.of().formatHex(quote));
		document.put("tcb_info", tcbInfo);
		document.put("postgres_state", postgresState);
		document.put("timestamp", timestamp);
		return document;
	}

}
