package com.teesql.cli;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.cli.ManifestCommandRunner.Result;
import com.teesql.testsupport.TestVectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verify-manifest} on the repository's manifest vectors.
 */
class VerifyManifestCommandTests {

	private static final Path VECTORS = TestVectors.dir();

	private static final JsonNode MANIFESTS = read();

	private static final String SIGNER = MANIFESTS.get("fixture_signer_address").asText();

	private static final String CLUSTER = "0xbd32b609057a1a4569558a571d535c8f1212b097";

	@Test
	void acceptsTheGoldenManifestBeforeItsExpiry() {
		Result result = verify(txt("golden_python_test_body_valid_until_1713312000"), "--signer", SIGNER, "--now",
				"1713311999", "--clock-skew", "0");
		assertThat(result.status()).isZero();
		JsonNode json = result.json();
		assertThat(json.get("verdict").asText()).isEqualTo("accepted");
		assertThat(json.get("reason").isNull()).isTrue();
		assertThat(json.get("cluster").asText()).isEqualTo(CLUSTER);
		assertThat(json.get("epoch").asLong()).isEqualTo(42);
		assertThat(json.get("leader_instance").asText()).isEqualTo("ea23198e3419ebbb240571a29d0112d9bcbe69c0");
		assertThat(json.get("leader_url").asText()).startsWith("https://ea23198e3419ebbb240571a29d0112d9bcbe69c0-5433.");
		assertThat(json.get("valid_until").asLong()).isEqualTo(1713312000L);
		assertThat(json.get("recovered_signer").asText()).isEqualTo(SIGNER);
		assertThat(json.get("port").asInt()).isEqualTo(443);
	}

	@Test
	void refusesAtExpiryAndHonoursTheDefaultSkew() {
		String golden = txt("golden_python_test_body_valid_until_1713312000");
		Result exact = verify(golden, "--signer", SIGNER, "--now", "1713312000", "--clock-skew", "0");
		assertThat(exact.status()).isEqualTo(1);
		assertThat(exact.json().get("verdict").asText()).isEqualTo("refused");
		assertThat(exact.json().get("reason").asText()).isEqualTo("manifest expired: valid_until=1713312000 now=1713312000");
		assertThat(exact.json().get("reason_code").asText()).isEqualTo("ManifestExpiredException");
		assertThat(exact.json().get("recovered_signer").asText()).isEqualTo(SIGNER);
		assertThat(verify(golden, "--signer", SIGNER, "--now", "1713312029").status()).isZero();
		assertThat(verify(golden, "--signer", SIGNER, "--now", "1713312030").status()).isEqualTo(1);
	}

	@Test
	void refusesTamperedVersionAndShortSignatureCases() {
		Result tampered = verify(txt("tampered_leader_url"), "--signer", SIGNER, "--now", "1800000000");
		assertThat(tampered.status()).isEqualTo(1);
		assertThat(tampered.json().get("reason").asText())
			.startsWith("manifest signature verification failed: recovered 0x").endsWith("expected " + SIGNER);
		assertThat(tampered.json().get("recovered_signer").asText()).isNotEqualTo(SIGNER).matches("0x[0-9a-f]{40}");
		assertThat(tampered.json().get("leader_url").asText()).isEqualTo("https://evil.example.com");

		Result version = verify(txt("unsupported_version"), "--signer", SIGNER);
		assertThat(version.json().get("reason").asText()).isEqualTo("unsupported manifest version: 2");
		assertThat(version.json().get("cluster").isNull()).isTrue();

		Result shortSig = verify(txt("short_sig"), "--signer", SIGNER);
		assertThat(shortSig.status()).isEqualTo(1);
		assertThat(shortSig.json().get("reason").asText()).isEqualTo("sig must be 65 bytes, got 4");
		assertThat(shortSig.json().get("reason_code").asText()).isEqualTo("MalformedManifestException");
	}

	@Test
	void checksClusterAndMinimumEpoch() {
		String valid = txt("valid_until_2100");
		Result otherCluster = verify(valid, "--signer", SIGNER, "--cluster", "0x" + "44".repeat(20));
		assertThat(otherCluster.status()).isEqualTo(1);
		assertThat(otherCluster.json().get("reason").asText())
			.isEqualTo("manifest is for cluster " + CLUSTER + ", expected 0x" + "44".repeat(20));
		Result rolledBack = verify(valid, "--signer", SIGNER, "--min-epoch", "43");
		assertThat(rolledBack.json().get("reason").asText()).startsWith("manifest rolled back: epoch 42 is older than epoch 43");
		assertThat(verify(valid, "--signer", SIGNER, "--cluster", CLUSTER.toUpperCase().replace("0X", "0x"),
				"--min-epoch", "42").status()).isZero();
	}

	@Test
	void usageErrorsExitTwo() {
		Result badSigner = verify(txt("valid_until_2100"), "--signer", "0x1234");
		assertThat(badSigner.status()).isEqualTo(2);
		assertThat(badSigner.json().get("error").asText())
			.isEqualTo("manifest signer must be 0x followed by 40 hex digits, got '0x1234'");
		Result missing = ManifestCommandRunner.run(new VerifyManifestCommand(), "--signer", SIGNER);
		assertThat(missing.status()).isEqualTo(2);
		assertThat(missing.json().get("error").asText()).isEqualTo("missing required option --txt");
		assertThat(verify(txt("valid_until_2100"), "--signer", SIGNER, "--min-epoch", "-1").status()).isEqualTo(2);
	}

	private static Result verify(String txt, String... options) {
		String[] args = new String[options.length + 2];
		args[0] = "--txt";
		args[1] = txt;
		System.arraycopy(options, 0, args, 2, options.length);
		return ManifestCommandRunner.run(new VerifyManifestCommand(), args);
	}

	private static String txt(String name) {
		for (JsonNode testCase : MANIFESTS.get("cases")) {
			if (testCase.get("name").asText().equals(name)) {
				return testCase.get("txt").asText();
			}
		}
		throw new AssertionError("no manifest vector named " + name);
	}

	private static JsonNode read() {
		try {
			return new ObjectMapper().readTree(VECTORS.resolve("derived/manifest_vectors.json").toFile());
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("manifest vectors not found under " + VECTORS.toAbsolutePath(), ex);
		}
	}

}
