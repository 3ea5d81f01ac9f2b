package com.teesql.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.testsupport.TestVectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI on the real vectors: one JSON object on stdout, documented exit statuses.
 */
class TeeSqlCliTests {

	private static final Path VECTORS = TestVectors.dir();

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void parseQuotePrintsTheTdReport() throws Exception {
		Result result = run("parse-quote", "--quote", VECTORS.resolve("tdx_quote_v4.bin").toString());
		assertThat(result.status).isZero();
		JsonNode expected = this.json.readTree(Files.readString(VECTORS.resolve("tdx_quote_v4_expected.json")));
		assertThat(result.json.get("quote_version").asInt()).isEqualTo(expected.get("quote_version").asInt());
		assertThat(result.json.get("body_type").asInt()).isEqualTo(expected.get("body_type").asInt());
		JsonNode tdReport = expected.get("td_report");
		assertThat(tdReport.size()).isEqualTo(15);
		tdReport.fieldNames().forEachRemaining((field) -> {
			assertThat(result.json.has(field)).as(field).isTrue();
			assertThat(result.json.get(field).asText()).as(field).isEqualTo(tdReport.get(field).asText());
		});
		assertThat(result.json.get("debug").asBoolean()).isEqualTo(expected.get("is_debug").asBoolean());
	}

	@Test
	void inspectCertReportsExtensionAndBinding() throws Exception {
		Result bound = run("inspect-cert", "--cert",
				VECTORS.resolve("derived/cert_oid18_v0_bound_patched_quote.der").toString());
		assertThat(bound.status).isZero();
		assertThat(bound.json.get("extension_oid").asText()).isEqualTo("1.3.6.1.4.1.62397.1.8");
		assertThat(bound.json.get("report_data_binds_spki").asBoolean()).isTrue();

		Result simulator = run("inspect-cert", "--cert",
				VECTORS.resolve("derived/cert_oid18_v0_simulator_attestation.der").toString());
		assertThat(simulator.json.get("report_data_binds_spki").asBoolean()).isFalse();
		assertThat(simulator.json.get("app_id").asText()).matches("[0-9a-f]{40}");

		Result legacy = run("inspect-cert", "--cert",
				VECTORS.resolve("derived/cert_oid11_legacy_quote_oid12_eventlog.der").toString());
		assertThat(legacy.json.get("extension_oid").asText()).isEqualTo("1.3.6.1.4.1.62397.1.1");

		Result plain = run("inspect-cert", "--cert", VECTORS.resolve("derived/cert_plain_no_extension.der").toString());
		assertThat(plain.json.get("extension_oid").isNull()).isTrue();
	}

	@Test
	void verifyQuoteAcceptsTheFixtureInsideItsCollateralWindow() throws Exception {
		Result result = verifyQuote("--now", "1752919234");
		assertThat(result.status).isZero();
		assertThat(result.json.get("verdict").asText()).isEqualTo("accepted");
		assertThat(result.json.get("status").asText()).isEqualTo("UpToDate");
		assertThat(result.json.get("advisory_ids")).isEmpty();
		assertThat(result.json.get("reason").isNull()).isTrue();
		assertThat(result.json.get("mr_td").asText()).startsWith("91eb2b44");
	}

	@Test
	void verifyQuoteRefusesOutsideTheWindowWithTheReason() throws Exception {
		Result late = verifyQuote("--now", "1752919235");
		assertThat(late.status).isEqualTo(1);
		assertThat(late.json.get("verdict").asText()).isEqualTo("refused");
		assertThat(late.json.get("reason_code").asText()).isEqualTo("CRL_EXPIRED");
		Result early = verifyQuote("--now", "1750329146");
		assertThat(early.json.get("reason_code").asText()).isEqualTo("QE_IDENTITY_NOT_YET_VALID");
	}

	@Test
	void verifyQuoteAppliesThePolicyOptions() throws Exception {
		Result wrongMrtd = verifyQuote("--now", "1752919234", "--mrtd", "0x" + "ab".repeat(48));
		assertThat(wrongMrtd.status).isEqualTo(1);
		assertThat(wrongMrtd.json.get("reason").asText()).startsWith("MRTD \"91eb2b44");
		Result rightMrtd = verifyQuote("--now", "1752919234", "--mrtd", "ab".repeat(48), "--mrtd",
				"91EB2B44D141D4ECE09F0C75C2C53D247A3C68EDD7FAFE8A3520C942A604A407DE03AE6DC5F87F27428B2538873118B7");
		assertThat(rightMrtd.status).isZero();
		Result onlyOutOfDate = verifyQuote("--now", "1752919234", "--tcb-status", "OutOfDate");
		assertThat(onlyOutOfDate.status).isEqualTo(1);
		assertThat(onlyOutOfDate.json.get("reason").asText())
			.startsWith("Unacceptable TCB status: \"UpToDate\". Acceptable statuses: OutOfDate.");
		assertThat(verifyQuote("--now", "soon").status).isEqualTo(2);
		assertThat(verifyQuote("--now", "1752919234", "--tcb-status", "Revoked").json.get("error").asText())
			.contains("--tcb-status");
	}

	@Test
	void verifyQuoteRefusesAnotherRoot() throws Exception {
		Result result = verifyQuote("--now", "1752919234", "--root-ca",
				VECTORS.resolve("derived/cert_plain_no_extension.der").toString());
		assertThat(result.status).isEqualTo(1);
		assertThat(result.json.get("verdict").asText()).isEqualTo("refused");
	}

	private Result verifyQuote(String... options) throws Exception {
		java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("verify-quote", "--quote",
				VECTORS.resolve("tdx_quote_v4.bin").toString(), "--collateral",
				VECTORS.resolve("tdx_quote_v4_collateral.json").toString()));
		args.addAll(java.util.List.of(options));
		return run(args.toArray(String[]::new));
	}

	@Test
	void usageAndIoErrorsExitWithTwo() throws Exception {
		assertThat(run().status).isEqualTo(2);
		assertThat(run("frobnicate").json.get("error").asText()).contains("parse-quote");
		Result missing = run("parse-quote", "--quote", "/nonexistent/quote.bin");
		assertThat(missing.status).isEqualTo(2);
		assertThat(missing.json.get("error").asText()).contains("/nonexistent/quote.bin");
		assertThat(run("parse-quote", "--bogus", "x").status).isEqualTo(2);
		Result garbage = run("parse-quote", "--quote", VECTORS.resolve("parsed_values.json").toString());
		assertThat(garbage.status).isEqualTo(2);
	}

	private Result run(String... args) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = TeeSqlCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
		String text = out.toString(StandardCharsets.UTF_8);
		assertThat(text.strip()).doesNotContain("\n");
		return new Result(status, this.json.readTree(text));
	}

	private record Result(int status, JsonNode json) {
	}

}
