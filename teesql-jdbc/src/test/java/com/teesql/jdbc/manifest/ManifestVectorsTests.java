package com.teesql.jdbc.manifest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.teesql.testsupport.TestVectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every case of {@code derived/manifest_vectors.json} with its documented outcome. Verification uses a zero clock
 * skew here, the official clients' exact expiry rule the vectors encode.
 */
class ManifestVectorsTests {

	private static final JsonNode VECTORS = TestVectors.json("derived/manifest_vectors.json");

	private static final String SIGNER = VECTORS.get("fixture_signer_address").asText();

	/** "now" for cases that do not name one: before the non-expired variant's valid_until (2100-01-01). */
	private static final long NOW = 1_800_000_000L;

	@Test
	void fileHasTheExpectedCases() {
		Set<String> names = new TreeSet<>();
		VECTORS.get("cases").forEach((testCase) -> names.add(testCase.get("name").asText()));
		assertThat(names).contains("golden_python_test_body_valid_until_1713312000", "valid_until_2100",
				"tampered_leader_url", "wire_order_differs_from_canonical", "uppercase_cluster_on_wire",
				"unsupported_version", "short_sig", "missing_sig");
		assertThat(SIGNER).isEqualTo(FixtureSigner.ADDRESS);
	}

	@Test
	void everyCaseHasItsExpectedOutcome() throws Exception {
		int checked = 0;
		for (JsonNode testCase : VECTORS.get("cases")) {
			String name = testCase.get("name").asText();
			String txt = testCase.get("txt").asText();
			JsonNode expect = testCase.get("expect");
			checkDerivedValues(name, testCase);
			Set<String> keys = new TreeSet<>();
			expect.fieldNames().forEachRemaining(keys::add);
			if (keys.contains("accept_when_now")) {
				long accept = expect.get("accept_when_now").asLong();
				long reject = expect.get("reject_when_now").asLong();
				LeaderManifest manifest = verifier(accept).verify(txt);
				assertThat(manifest.recoveredSigner()).as(name).isEqualTo(expect.get("recovered_address").asText());
				assertThat(expect.get("signature_ok").asBoolean()).as(name).isTrue();
				assertThat(expect.get("expired_if_now_ge").asLong()).as(name).isEqualTo(manifest.validUntil());
				assertThatExceptionOfType(ManifestExpiredException.class).as(name)
					.isThrownBy(() -> verifier(reject).verify(txt))
					.withMessage("manifest expired: valid_until=" + manifest.validUntil() + " now=" + reject);
			}
			else if (keys.contains("accept")) {
				if (expect.get("accept").asBoolean()) {
					LeaderManifest manifest = verifier(NOW).verify(txt);
					assertThat(expect.get("signature_ok").asBoolean()).as(name).isTrue();
					assertThat(manifest.recoveredSigner()).as(name).isEqualTo(SIGNER);
					assertThat(manifest.epoch()).as(name).isEqualTo(expect.get("epoch").asLong());
					assertThat(manifest.target()).as(name)
						.isEqualTo(new LeaderTarget(expect.get("host").asText(), expect.get("port").asInt()));
				}
				else {
					expectRefusal(name, txt, expect.get("reason").asText());
				}
			}
			else if (keys.contains("python_and_rust_indexer")) {
				// This client re-canonicalises like the Python client and the Rust indexer (not like prisma-ra-tls).
				String verdict = expect.get("python_and_rust_indexer").asText();
				if (!verdict.startsWith("accept")) {
					fail("unknown expectation for " + name + ": " + verdict);
				}
				LeaderManifest manifest = verifier(NOW).verify(txt);
				assertThat(manifest.recoveredSigner()).as(name).isEqualTo(SIGNER);
				assertThat(manifest.cluster()).as(name).isEqualTo(FixtureSigner.CLUSTER);
			}
			else {
				fail("unknown expectation for " + name + ": " + expect);
			}
			checked++;
		}
		assertThat(checked).isEqualTo(VECTORS.get("cases").size());
	}

	private static void expectRefusal(String name, String txt, String reason) {
		Class<? extends ManifestException> type;
		String prefix;
		if (reason.contains("signer mismatch")) {
			type = ManifestSignatureException.class;
			prefix = "manifest signature verification failed: recovered 0x";
		}
		else if (reason.startsWith("unsupported manifest version")) {
			type = UnsupportedManifestVersionException.class;
			prefix = reason;
		}
		else if (reason.equals("sig must be 65 bytes") || reason.equals("missing sig field")) {
			type = MalformedManifestException.class;
			prefix = reason;
		}
		else {
			throw new AssertionError("unknown expected reason for " + name + ": " + reason);
		}
		assertThatExceptionOfType(type).as(name)
			.isThrownBy(() -> verifier(NOW).verify(txt))
			.withMessageStartingWith(prefix);
	}

	// The published intermediate values: canonical body rebuilt from the wire, EIP-191 message and digest.
	private static void checkDerivedValues(String name, JsonNode testCase) throws Exception {
		if (!testCase.has("canonical_body")) {
			return;
		}
		String body = testCase.get("canonical_body").asText();
		ParsedManifest parsed = ManifestParser.parse(testCase.get("txt").asText());
		assertThat(parsed.canonicalBody()).as(name).isEqualTo(body);
		assertThat(parsed.signature()).as(name).isEqualTo(testCase.get("sig").asText());
		if (testCase.has("body_utf8_len")) {
			assertThat(body.getBytes(StandardCharsets.UTF_8)).as(name).hasSize(testCase.get("body_utf8_len").asInt());
		}
		String message = "\u0019Ethereum Signed Message:\n" + body.getBytes(StandardCharsets.UTF_8).length + body;
		assertThat(HexFormat.of().formatHex(message.getBytes(StandardCharsets.UTF_8))).as(name)
			.isEqualTo(testCase.get("eip191_message_hex").asText());
		assertThat("0x" + HexFormat.of().formatHex(Eip191Signature.digest(body))).as(name)
			.isEqualTo(testCase.get("digest").asText());
		assertThat(FixtureSigner.sign(body)).as(name + ": RFC 6979 signature").isEqualTo(testCase.get("sig").asText());
	}

	private static ManifestVerifier verifier(long now) {
		return ManifestVerifier.builder(SIGNER).clock(FixtureSigner.at(now)).clockSkew(Duration.ZERO).build();
	}

}
