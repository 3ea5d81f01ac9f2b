package com.teesql.cli;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.jdbc.tls.CertificateFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pin} against a real dev cluster: it attests the endpoint fully (real TLS, real DCAP against the dev PCS),
 * prints the pinning block, and the printed values really pin the cluster (check-endpoint accepts them and refuses
 * anything else).
 */
class PinCommandTests {

	@RegisterExtension
	static final DevClusterEndpoint endpoint = new DevClusterEndpoint();

	@TempDir
	static Path files;

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void printsTheBlockThatPinsWhatItSawLabelledForConfirmation() throws Exception {
		long startups = cluster().sidecarStats().startupMessagesSeen();
		JsonNode result = run(0, "pin", endpointOptions());
		assertThat(result.get("verdict").asText()).isEqualTo("accepted");
		assertThat(result.get("verifier").asText()).isEqualTo("dcap");
		assertThat(result.get("app_id").asText()).isEqualTo(cluster().appId());
		assertThat(result.get("compose_hash").asText()).isEqualTo(cluster().composeHash());
		assertThat(result.get("pinnable").asBoolean()).isTrue();
		assertThat(result.get("pins")).extracting(JsonNode::asText).containsExactly(
				"teesql.attestation.allowed-app-id", "teesql.attestation.allowed-compose-hash",
				"teesql.attestation.kms-root-ca");
		// The dev cluster's chain ends at its app CA, the stand-in for a dstack KMS root.
		JsonNode kmsRoot = result.get("kms_root");
		assertThat(kmsRoot.get("sha256").asText()).isEqualTo(HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(cluster().appCaCertificate().getEncoded())));
		assertThat(kmsRoot.get("pem").asText()).startsWith("-----BEGIN CERTIFICATE-----\n");
		String notice = "Values presented by 127.0.0.1:" + cluster().sidecarPort() + " and verified by this command. "
				+ "CONFIRM EVERY VALUE WITH THE CLUSTER'S OPERATOR BEFORE USE: this command trusts whatever answered "
				+ "at that address.";
		assertThat(result.get("confirm_with_operator").asText()).isEqualTo(notice);
		String yaml = result.get("application_yml").asText();
		assertThat(yaml).startsWith("# teesql-cli pin, ").contains("verified by dcap, TCB status UpToDate.\n# " + notice);
		assertThat(yaml.substring(yaml.indexOf("teesql:"))).isEqualTo("""
				teesql:
				  attestation:
				    allowed-app-id:
				      - "%s"
				    allowed-compose-hash:
				      - "%s"
				    allowed-mrtd:
				      - "%s"
				    # kms-root-ca: "file:kms-root.pem"   # save kms_root.pem of this output there, or rerun with \
				--kms-root-out FILE
				""".formatted(cluster().appId(), cluster().composeHash(), result.get("mr_td").asText()));
		// Handshake and verification only: nothing of the PostgreSQL protocol, no secret.
		assertThat(cluster().sidecarStats().startupMessagesSeen()).isEqualTo(startups);
	}

	@Test
	void thePrintedValuesPinTheCluster() throws Exception {
		Path kmsRootFile = files.resolve("kms-root.pem");
		JsonNode pin = run(0, "pin", endpointOptions("--kms-root-out", kmsRootFile.toString()));
		assertThat(pin.get("application_yml").asText())
			.contains("    kms-root-ca: \"file:" + kmsRootFile.toAbsolutePath() + "\"\n");
		assertThat(CertificateFiles.read(kmsRootFile)).isEqualTo(cluster().appCaCertificate());
		JsonNode pinned = run(0, "check-endpoint", endpointOptions("--app-id", pin.get("app_id").asText(),
				"--compose-hash", pin.get("compose_hash").asText(), "--mrtd", pin.get("mr_td").asText(),
				"--kms-root-ca", kmsRootFile.toString()));
		assertThat(pinned.get("verdict").asText()).isEqualTo("accepted");
		assertThat(pinned.get("identity_pinned").asBoolean()).isTrue();
	}

	@Test
	void aRefusedEndpointIsNotPinned() throws Exception {
		cluster().reissueServerCertificate(AttestationKnobs.genuine().withDebug(true));
		JsonNode debug = run(1, "pin", endpointOptions());
		assertThat(debug.get("verdict").asText()).isEqualTo("refused");
		assertThat(debug.get("reason").asText()).startsWith("TDX TD is in debug mode");
		assertThat(debug.has("application_yml")).isFalse();
		cluster().reissueServerCertificate(AttestationKnobs.genuine().withRaTlsExtension(false));
		JsonNode plain = run(1, "pin", endpointOptions());
		assertThat(plain.get("reason_code").asText()).isEqualTo("MissingAttestationExtensionException");
		assertThat(plain.has("application_yml")).isFalse();
	}

	@Test
	void relaxationsAreNotOptionsOfPin() throws Exception {
		assertThat(run(2, "pin", endpointOptions("--allow-simulator")).get("error").asText())
			.contains("allow-simulator");
		assertThat(run(2, "pin", endpointOptions("--allow-debug")).get("error").asText()).contains("allow-debug");
	}

	private static String[] endpointOptions(String... extra) {
		return endpoint.options("teesql_read", extra);
	}

	private JsonNode run(int expectedStatus, String command, String... args) throws Exception {
		String text = DevClusterEndpoint.run(expectedStatus, command, args);
		assertThat(text.strip()).doesNotContain("\n");
		return this.json.readTree(text);
	}

	private static DevCluster cluster() {
		return endpoint.cluster();
	}

}
