package com.teesql.cli;

import java.net.ServerSocket;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.EnvelopeKnobs;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.jdbc.attestation.AttestationPlatform;
import com.teesql.jdbc.attestation.StackKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check-endpoint} against a real dev cluster: handshake and verification only, no SQL.
 */
class CheckEndpointCommandTests {

	@RegisterExtension
	static final DevClusterEndpoint endpoint = new DevClusterEndpoint();

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void acceptsTheDevClusterAndSendsNoSql() throws Exception {
		long startups = cluster().sidecarStats().startupMessagesSeen();
		JsonNode result = check(0);
		assertThat(result.get("verdict").asText()).isEqualTo("accepted");
		assertThat(result.get("verifier").asText()).isEqualTo("dcap");
		assertThat(result.get("tcb_status").asText()).isEqualTo("UpToDate");
		assertThat(result.get("mr_td").asText()).hasSize(96);
		assertThat(result.get("compose_hash").asText()).hasSize(64);
		assertThat(cluster().sidecarStats().startupMessagesSeen()).isEqualTo(startups);
	}

	@Test
	void unpinnedCheckSaysTheDriverWouldRefuseToStart() throws Exception {
		JsonNode unpinned = check(0);
		assertThat(unpinned.get("identity_pinned").asBoolean()).isFalse();
		assertThat(unpinned.get("warning").asText()).startsWith("no identity pin given (--app-id, --compose-hash or "
				+ "--kms-root-ca): any genuine TDX machine is accepted here, and the driver refuses to start")
			.contains("No identity pin for the TeeSQL cluster at 127.0.0.1:" + cluster().sidecarPort())
			.contains("'teesql-cli pin'");
		JsonNode pinned = check(0, "--app-id", cluster().appId());
		assertThat(pinned.get("identity_pinned").asBoolean()).isTrue();
		assertThat(pinned.has("warning")).isFalse();
		assertThat(pinned.get("app_id").asText()).isEqualTo(cluster().appId());
	}

	@Test
	void refusesAnotherDeploymentsAppIdOrComposeHash() throws Exception {
		JsonNode app = check(1, "--app-id", "ef".repeat(20));
		assertThat(app.get("reason_code").asText()).isEqualTo("MeasurementNotAllowedException");
		assertThat(app.get("reason").asText())
			.startsWith("app-id \"" + cluster().appId() + "\" is not in the allowlist");
		JsonNode compose = check(1, "--compose-hash", "ef".repeat(32));
		assertThat(compose.get("reason").asText())
			.startsWith("compose-hash \"" + cluster().composeHash() + "\" is not in the allowlist");
		JsonNode malformed = run(2, "check-endpoint", "--url", "postgresql://teesql_read@127.0.0.1:5433/db",
				"--app-id", "xyz");
		assertThat(malformed.get("error").asText()).startsWith("--app-id entry \"xyz\" is not valid");
	}

	@Test
	void refusesAnMrtdOutsideTheAllowlist() throws Exception {
		JsonNode result = check(1, "--mrtd", "ab".repeat(48));
		assertThat(result.get("verdict").asText()).isEqualTo("refused");
		assertThat(result.get("reason_code").asText()).isEqualTo("MrtdNotAllowedException");
	}

	@Test
	void refusesADebugTd() throws Exception {
		cluster().reissueServerCertificate(AttestationKnobs.genuine().withDebug(true));
		JsonNode result = check(1);
		assertThat(result.get("reason").asText()).startsWith("TDX TD is in debug mode");
	}

	@Test
	void plainCertificateNeedsAllowSimulator() throws Exception {
		cluster().reissueServerCertificate(AttestationKnobs.genuine().withRaTlsExtension(false));
		assertThat(check(1).get("reason_code").asText()).isEqualTo("MissingAttestationExtensionException");
		JsonNode simulator = check(0, "--allow-simulator");
		assertThat(simulator.get("simulator").asBoolean()).isTrue();
	}

	@Test
	void worksAgainstEveryDstackEnvelope() throws Exception {
		List<EnvelopeKnobs> supported = List.of(EnvelopeKnobs.v0(AttestationPlatform.GCP_TDX),
				EnvelopeKnobs.v1(AttestationPlatform.TDX, StackKind.DSTACK, EnvelopeKnobs.Events.V2),
				EnvelopeKnobs.v1(AttestationPlatform.GCP_TDX, StackKind.DSTACK, EnvelopeKnobs.Events.MIXED));
		for (EnvelopeKnobs envelope : supported) {
			cluster().reissueServerCertificate(AttestationKnobs.genuine().withEnvelope(envelope));
			JsonNode result = check(0, "--app-id", cluster().appId());
			assertThat(result.get("verdict").asText()).isEqualTo("accepted");
			assertThat(result.get("format").asText()).isEqualTo(envelope.format().name());
			assertThat(result.get("platform").asText()).isEqualTo(envelope.platform().kind());
			assertThat(result.get("app_id").asText()).isEqualTo(cluster().appId());
		}
		cluster().reissueServerCertificate(AttestationKnobs.genuine()
			.withEnvelope(EnvelopeKnobs.v1(AttestationPlatform.SEV_SNP, StackKind.DSTACK, EnvelopeKnobs.Events.V1)));
		JsonNode refused = check(1, "--app-id", cluster().appId());
		assertThat(refused.get("reason_code").asText()).isEqualTo("UnsupportedPlatformException");
		assertThat(refused.get("reason").asText()).isEqualTo(AttestationPlatform.SEV_SNP.refusal());
		cluster().reissueServerCertificate(AttestationKnobs.genuine()
			.withEnvelope(EnvelopeKnobs.v1(AttestationPlatform.TDX, StackKind.DSTACK_POD, EnvelopeKnobs.Events.V1)));
		assertThat(check(1, "--app-id", cluster().appId()).get("reason").asText())
			.startsWith("dstack-pod evidence binds report_data to its report_data_payload");
	}

	@Test
	void unreachableEndpointIsAnIoError() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		JsonNode result = run(2, "check-endpoint", "--url", "postgresql://teesql_read@127.0.0.1:" + closedPort + "/db",
				"--dstack-endpoint", cluster().guestAgentEndpoint());
		assertThat(result.get("error").asText()).contains("127.0.0.1:" + closedPort);
	}

	private JsonNode check(int expectedStatus, String... extra) throws Exception {
		return run(expectedStatus, "check-endpoint", endpoint.options(ClusterRoles.READ_WRITE, extra));
	}

	private JsonNode run(int expectedStatus, String command, String... args) throws Exception {
		return this.json.readTree(DevClusterEndpoint.run(expectedStatus, command, args));
	}

	private static DevCluster cluster() {
		return endpoint.cluster();
	}

}
