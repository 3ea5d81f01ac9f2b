package com.teesql.jdbc.attestation.dcap;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.Hex;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Verifies the real Intel fixtures against {@code tdx_quote_v4_expected.json} and the documented time window.
 */
class DcapVerifierFixtureTests {

	private static final DateTimeFormatter EXPECTED_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx");

	private final JsonNode expected = DcapVectors.json("tdx_quote_v4_expected.json");

	@Test
	void fixtureVerifiesWithEveryExpectedField() throws Exception {
		long now = this.expected.get("now").asLong();
		assertThat(now).isEqualTo(DcapVectors.FIXTURE_NOW);
		DcapVerificationResult result = DcapVectors.verifier().verify(DcapVectors.v4Quote(), DcapVectors.v4Collateral(),
				now);

		assertThat(result.status().intelName()).isEqualTo(this.expected.get("status").asText());
		assertThat(result.advisoryIds()).isEqualTo(strings(this.expected.get("advisory_ids")));
		assertStatus(result.platformStatus(), this.expected.get("platform_status"));
		assertStatus(result.qeStatus(), this.expected.get("qe_status"));
		assertThat(result.tcbLevelStatus().status().intelName())
			.isEqualTo(this.expected.get("tcb_level_status").asText());
		assertThat(result.tdxModuleStatus().status().intelName())
			.isEqualTo(this.expected.get("tdx_module_status").asText());
		assertThat(result.quoteVersion()).isEqualTo(this.expected.get("quote_version").asInt());
		assertThat(result.bodyType()).isEqualTo(this.expected.get("body_type").asInt());
		assertThat(result.signedLength()).isEqualTo(this.expected.get("signed_length").asInt());
		assertThat(result.debug()).isEqualTo(this.expected.get("is_debug").asBoolean());
		assertThat(result.trailingBytes()).isEqualTo(this.expected.get("trailing_bytes_after_quote").asInt());

		JsonNode td = this.expected.get("td_report");
		TdReport report = result.tdReport();
		Map<String, String> actualTd = Map.ofEntries(Map.entry("tee_tcb_svn", report.teeTcbSvn()),
				Map.entry("mr_seam", report.mrSeam()), Map.entry("mr_signer_seam", report.mrSignerSeam()),
				Map.entry("seam_attributes", report.seamAttributes()), Map.entry("td_attributes", report.tdAttributes()),
				Map.entry("xfam", report.xfam()), Map.entry("mr_td", report.mrTd()),
				Map.entry("mr_config_id", report.mrConfigId()), Map.entry("mr_owner", report.mrOwner()),
				Map.entry("mr_owner_config", report.mrOwnerConfig()), Map.entry("rtmr0", report.rtmr0()),
				Map.entry("rtmr1", report.rtmr1()), Map.entry("rtmr2", report.rtmr2()),
				Map.entry("rtmr3", report.rtmr3()), Map.entry("report_data", report.reportData()));
		assertThat(actualTd.keySet()).containsExactlyInAnyOrderElementsOf(fieldNames(td));
		actualTd.forEach((name, value) -> assertThat(value).as(name).isEqualTo(td.get(name).asText()));
		assertThat(report.teeTcbSvn2()).isNull();
		assertThat(report.mrServiceTd()).isNull();

		JsonNode pckJson = this.expected.get("pck");
		PckCertificate pck = result.pck();
		assertThat(pck.ppid()).isEqualTo(pckJson.get("ppid").asText());
		assertThat(pck.cpuSvn()).isEqualTo(pckJson.get("cpusvn").asText());
		List<Integer> compSvns = new ArrayList<>();
		pckJson.get("comp_svns").forEach((svn) -> compSvns.add(svn.asInt()));
		assertThat(pck.componentSvns()).isEqualTo(compSvns);
		assertThat(pck.pceSvn()).isEqualTo(pckJson.get("pcesvn").asInt());
		assertThat(pck.pceId()).isEqualTo(pckJson.get("pceid").asText());
		assertThat(pck.fmspc()).isEqualToIgnoringCase(pckJson.get("fmspc").asText());
		assertThat(pck.sgxType()).isEqualTo(pckJson.get("sgx_type").asInt());
		assertThat(pck.subject()).isEqualTo(pckJson.get("leaf_subject").asText());
		assertThat(pck.issuer()).isEqualTo(pckJson.get("leaf_issuer").asText());
		assertThat(pck.notBefore()).isEqualTo(instant(pckJson.get("leaf_not_before").asText()));
		assertThat(pck.notAfter()).isEqualTo(instant(pckJson.get("leaf_not_after").asText()));
		assertThat(pck.serialNumber()).isEqualTo("3c16ed54eacbb4ced072be72630c85788cf46e36");

		JsonNode qeJson = this.expected.get("qe_report");
		QeReport qe = result.qeReport();
		assertThat(qe.mrSigner()).isEqualTo(qeJson.get("mr_signer").asText());
		assertThat(qe.mrEnclave()).isEqualTo(qeJson.get("mr_enclave").asText());
		assertThat(qe.isvProdId()).isEqualTo(qeJson.get("isv_prod_id").asInt());
		assertThat(qe.isvSvn()).isEqualTo(qeJson.get("isv_svn").asInt());
		assertThat(qe.attributes()).isEqualTo(qeJson.get("attributes").asText());
		assertThat(qe.miscSelect()).isEqualTo(qeJson.get("misc_select").asLong());
		assertThat(qe.reportData()).isEqualTo(qeJson.get("report_data").asText());
		assertThat(result.attestationKey()).isEqualTo(
				"c78ac5859b9f567238fad82ad63202bc516ee7ad14ec1d9adfc633e4cf5f71f73d6138ce76d0d9c1443f695464d1ed419c37ce696e70e95a5b317894a5897907");
	}

	@Test
	void fixtureVerifiesAtBothEdgesOfItsWindow() throws Exception {
		JsonNode range = this.expected.get("valid_now_range_dcap_qvl_0_4");
		for (JsonNode edge : range) {
			assertThat(DcapVectors.verifier().verify(DcapVectors.v4Quote(), DcapVectors.v4Collateral(), edge.asLong())
				.status()).isEqualTo(TcbStatus.UP_TO_DATE);
		}
	}

	@Test
	void oneSecondBeforeTheQeIdentityIsIssuedIsRefused() {
		assertRefusedAt(1750329146L, Reason.QE_IDENTITY_NOT_YET_VALID, "QE identity issue date is in the future");
		assertThat(this.expected.get("fails_at").get("1750329146").asText())
			.isEqualToIgnoringCase("QE Identity issue date is in the future");
	}

	@Test
	void atThePckCrlNextUpdateIsRefused() {
		assertRefusedAt(1752919235L, Reason.CRL_EXPIRED,
				"PCK certificate chain: the PCK CRL expired: nextUpdate=2025-07-19T10:00:35Z now=2025-07-19T10:00:35Z");
		assertThat(this.expected.get("fails_at").get("1752919235").asText()).contains("PCK CRL expired");
	}

	@Test
	void afterTheTcbInfoNextUpdateIsRefused() {
		assertRefusedAt(1752920164L, Reason.TCB_INFO_EXPIRED,
				"TCB info expired: nextUpdate=2025-07-19T10:16:03Z now=2025-07-19T10:16:04Z");
		assertThat(this.expected.get("fails_at").get("1752920164").asText()).isEqualTo("TCBInfo expired");
	}

	@Test
	void v5TdReport15QuoteHasNoMatchingTcbLevel() throws Exception {
		DcapCollateral collateral = DcapCollateral.fromJson(DcapVectors.text("tdx_quote_v5_td15_collateral.json"));
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> DcapVectors.verifier()
				.verify(DcapVectors.bytes("tdx_quote_v5_td15.bin"), collateral, DcapVectors.V5_NOW))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCHING_TCB_LEVEL))
			.withMessageContaining("no matching TCB level")
			.withMessageContaining("CPUSVN=0303020204010003");
	}

	@Test
	void v5QuoteIsParsedAsTdReport15() throws Exception {
		TdxQuote quote = TdxQuote.parse(DcapVectors.bytes("tdx_quote_v5_td15.bin"));
		JsonNode parsed = DcapVectors.json("parsed_values.json").get("tdx_quote_v5_td15.bin").get("quote");
		assertThat(quote.version()).isEqualTo(5);
		assertThat(quote.bodyType()).isEqualTo(parsed.get("body_type").asInt());
		assertThat(quote.signedLength()).isEqualTo(parsed.get("signed_length").asInt());
		TdReport report = TdReport.from(quote);
		assertThat(report.mrTd()).isEqualTo(parsed.get("mr_td").asText());
		assertThat(report.teeTcbSvn2()).isEqualTo(parsed.get("tee_tcb_svn2").asText());
		assertThat(report.mrServiceTd()).isEqualTo(parsed.get("mr_service_td").asText());
		assertThat(report.reportData()).isEqualTo(parsed.get("report_data").asText());
		assertThat(Hex.encode(quote.signatureData().attestationKey())).isEqualTo(parsed.get("attestation_key").asText());
	}

	@Test
	void quoteWithPatchedReportDataFailsTheQuoteSignature() throws Exception {
		byte[] patched = DcapVectors.bytes("derived/quote_v4_reportdata_bound_to_derived_key.bin");
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> DcapVectors.verifier().verify(patched, DcapVectors.v4Collateral(), DcapVectors.FIXTURE_NOW))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.QUOTE_SIGNATURE_INVALID))
			.withMessageContaining("quote signature");
	}

	@Test
	void embeddedIntelRootIsTheVectorsRoot() throws Exception {
		DcapVerificationResult result = DcapVerifier.withIntelRoot()
			.verify(DcapVectors.v4Quote(), DcapVectors.v4Collateral(), DcapVectors.FIXTURE_NOW);
		assertThat(result.status()).isEqualTo(TcbStatus.UP_TO_DATE);
	}

	private void assertRefusedAt(long now, Reason reason, String message) {
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> DcapVectors.verifier().verify(DcapVectors.v4Quote(), DcapVectors.v4Collateral(), now))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason))
			.withMessageContaining(message);
	}

	private static void assertStatus(TcbStatusWithAdvisories actual, JsonNode expected) {
		assertThat(actual.status().intelName()).isEqualTo(expected.get("status").asText());
		assertThat(actual.advisoryIds()).isEqualTo(strings(expected.get("advisory_ids")));
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((node) -> values.add(node.asText()));
		return values;
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

	private static Instant instant(String text) {
		return LocalDateTime.parse(text, EXPECTED_DATE).atOffset(ZoneOffset.UTC).toInstant();
	}

}
