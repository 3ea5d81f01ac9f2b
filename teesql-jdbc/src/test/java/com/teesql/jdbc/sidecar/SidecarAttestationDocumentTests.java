package com.teesql.jdbc.sidecar;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SidecarAttestationDocument}: what the sidecar writes is what the monitor reads.
 *
 * @author teesql-spring-boot
 */
class SidecarAttestationDocumentTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String HASH = "ab".repeat(32);

	@Test
	void writesTheProtocolFieldsInOrderAndReadsThemBack() throws Exception {
		SidecarAttestationDocument document = document(1714671227L);
		JsonNode written = JSON.readTree(JSON.writeValueAsBytes(document.toJson()));
		assertThat(written.fieldNames()).toIterable()
			.containsExactly("app_id", "compose_hash", "instance_id", "quote", "tcb_info", "postgres_state",
					"timestamp");
		assertThat(written.path("postgres_state").fieldNames()).toIterable()
			.containsExactly("wal_lsn", "controldata_hash", "pg_version");
		assertThat(written.path("timestamp").isIntegralNumber()).isTrue();
		assertThat(SidecarAttestationDocument.from(written)).isEqualTo(document);
		assertThat(document.publicFields()).doesNotContainKey("quote")
			.containsOnlyKeys(SidecarAttestationDocument.PUBLIC_FIELDS);
	}

	@Test
	void reportDataFollowsTheDocumentedFormula() {
		// SHA-256("0/16B3748" ‖ "abab…ab" ‖ "1714671227"), zero-padded to 64 bytes.
		String expected = "839e7e1d64c17def8ef08aa2c62f3a668d673b9afae5086b56b1a6e3cf12fa6c" + "00".repeat(32);
		assertThat(document(1714671227L).documentedReportData()).map(HexFormat.of()::formatHex).contains(expected);
		assertThat(document(1714671228L).documentedReportData()).map(HexFormat.of()::formatHex)
			.isNotEqualTo(java.util.Optional.of(expected));
		assertThat(document(null).documentedReportData()).isEmpty();
	}

	@Test
	void fieldsOfTheWrongTypeAreReadAsAbsent() throws Exception {
		JsonNode body = JSON.readTree("{\"app_id\":7,\"quote\":{\"x\":1},\"instance_id\":\"0xAB\","
				+ "\"tcb_info\":{\"mrtd\":\"aa\",\"rtmr0\":5},\"postgres_state\":\"0/1\",\"timestamp\":\"soon\"}");
		SidecarAttestationDocument document = SidecarAttestationDocument.from(body);
		assertThat(document.appId()).isNull();
		assertThat(document.quote()).isNull();
		assertThat(document.instanceId()).isEqualTo("0xAB");
		assertThat(document.tcbInfo()).containsExactly(Map.entry("mrtd", "aa"));
		assertThat(document.postgresState()).isNull();
		assertThat(document.timestamp()).isNull();
		assertThat(document.documentedReportData()).isEmpty();
		assertThat(document.publicFields()).containsOnlyKeys("instance_id", "tcb_info");
	}

	@Test
	void aBodyThatIsNotAnObjectIsRefusedNamingItsType() throws Exception {
		assertThatIllegalArgumentException().isThrownBy(() -> SidecarAttestationDocument.from(JSON.readTree("[1]")))
			.withMessage("a JSON array, expected an object");
		assertThatIllegalArgumentException().isThrownBy(() -> SidecarAttestationDocument.from(null))
			.withMessage("a JSON nothing, expected an object");
	}

	private static SidecarAttestationDocument document(Long timestamp) {
		Map<String, String> tcbInfo = new LinkedHashMap<>();
		for (String field : SidecarAttestationDocument.TCB_FIELDS) {
			tcbInfo.put(field, field.substring(0, 1).repeat(96));
		}
		return new SidecarAttestationDocument("c0ffee", "d00d", "0x1234", "0403", tcbInfo,
				new SidecarAttestationDocument.PostgresState("0/16B3748", HASH, "17.5"), timestamp);
	}

}
