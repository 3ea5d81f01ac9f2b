package com.teesql.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.devcluster.DevCluster;
import com.teesql.spring.boot.autoconfigure.devcluster.AutoConfigureTeeSqlDevCluster;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample over real HTTP, on the embedded dev cluster: every query crosses the RA-TLS sidecar into a real
 * PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		// The first health check verifies a quote on a cold JVM; on a busy machine that can exceed the 2s default.
		properties = "teesql.sidecar.timeout=10s")
@AutoConfigureTeeSqlDevCluster
class SampleApplicationTests {

	private static final String MRTD_PATTERN = "[0-9a-f]{96}";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ObjectMapper json = new ObjectMapper();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private DevCluster cluster;

	@Test
	void notesAreStoredThroughTheAttestedDataSource() throws Exception {
		HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/notes"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"body\": \"attested hello\"}")));
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.body()).contains("\"body\":\"attested hello\"").contains("\"id\":");

		HttpResponse<String> listed = send(HttpRequest.newBuilder(uri("/notes")).GET());
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.body()).contains("attested hello");

		assertThat(this.jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo("teesql_readwrite");
	}

	@Test
	void blankNoteIsRejected() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/notes"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"body\": \"  \"}")));
		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void healthIsExposed() throws Exception {
		HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health")).GET());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"db\"");
		JsonNode teesql = this.json.readTree(health.body()).path("components").path("teesql");
		assertThat(teesql.path("status").asText()).isEqualTo("UP");
		assertThat(teesql.path("details").path("sidecarHealth").asText()).isEqualTo("HTTP 200");
		assertThat(teesql.path("details").path("tcbStatus").asText()).isEqualTo("UpToDate");
		assertThat(teesql.path("details").path("debug").asBoolean(true)).isFalse();
	}

	@Test
	void infoShowsTheSidecarAttestationVerifiedLocally() throws Exception {
		HttpResponse<String> info = send(HttpRequest.newBuilder(uri("/actuator/info")).GET());
		assertThat(info.statusCode()).isEqualTo(200);
		JsonNode teesql = this.json.readTree(info.body()).path("teesql");
		assertThat(teesql.path("sidecarHttpUrl").asText())
			.isEqualTo("http://127.0.0.1:" + this.cluster.sidecarHttpPort());
		JsonNode attestation = teesql.path("attestation");
		assertThat(attestation.path("tcb_info").path("mrtd").asText()).matches(MRTD_PATTERN);
		assertThat(attestation.path("postgres_state").path("wal_lsn").asText()).isNotEmpty();
		JsonNode verification = teesql.path("quoteVerification");
		assertThat(verification.path("status").asText()).isEqualTo("verified");
		assertThat(verification.path("verifier").asText()).isEqualTo("dcap");
		assertThat(verification.path("tcbStatus").asText()).isEqualTo("UpToDate");
		assertThat(verification.path("mrtd").asText()).isEqualTo(attestation.path("tcb_info").path("mrtd").asText());
		assertThat(verification.path("mrtdMatchesTcbInfo").asBoolean()).isTrue();
	}

	@Test
	void teesqlEndpointShowsTheConnectorStatus() throws Exception {
		assertThat(this.jdbc.sql("SELECT 1").query(Integer.class).single()).isEqualTo(1);
		JsonNode status = readTeesqlStatus();
		JsonNode connector = status.path("connector");
		assertThat(connector.path("host").asText()).isEqualTo(this.cluster.host());
		assertThat(connector.path("port").asInt()).isEqualTo(this.cluster.sidecarPort());
		assertThat(connector.path("sslNegotiation").asText()).isEqualTo("direct");
		assertThat(connector.path("verifier").asText()).isEqualTo("dcap");
		assertThat(connector.path("allowSimulator").asBoolean(true)).isFalse();
		assertThat(connector.path("policy").path("allowDebugMode").asBoolean(true)).isFalse();
		// The dev cluster pins its own identity: the sample runs without the require-identity escape hatch.
		assertThat(connector.path("identityPinned").asBoolean()).isTrue();
		assertThat(connector.path("requireIdentity").asBoolean()).isTrue();
		assertThat(connector.path("policy").path("allowedAppIds").get(0).asText()).isEqualTo(this.cluster.appId());
		assertThat(status.path("lastAttestation").path("appId").asText()).isEqualTo(this.cluster.appId());
		assertThat(status.path("sidecarHttpUrl").asText())
			.isEqualTo("http://127.0.0.1:" + this.cluster.sidecarHttpPort());
		assertThat(status.path("lastAttestation").path("mrtd").asText()).matches(MRTD_PATTERN);
		assertThat(status.path("verifications").asLong()).isPositive();
		assertThat(status.path("refusals").asLong()).isZero();
		assertThat(status.path("pool").path("total").asInt()).isPositive();
	}

	@Test
	void reverifyAttestsTheTargetAgainWithoutTheCache() throws Exception {
		long missesBefore = readTeesqlStatus().path("cache").path("misses").asLong();
		HttpResponse<String> reverify = send(
				HttpRequest.newBuilder(uri("/actuator/teesql/reverify")).POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(reverify.statusCode()).isEqualTo(200);
		JsonNode outcome = this.json.readTree(reverify.body());
		assertThat(outcome.path("operation").asText()).isEqualTo("reverify");
		assertThat(outcome.path("outcome").asText()).isEqualTo("accepted");
		assertThat(outcome.path("attestation").path("tcbStatus").asText()).isEqualTo("UpToDate");
		assertThat(outcome.path("attestation").path("mrtd").asText()).matches(MRTD_PATTERN);
		// The cache was cleared, so the handshake was verified in full.
		assertThat(readTeesqlStatus().path("cache").path("misses").asLong()).isGreaterThan(missesBefore);
	}

	@Test
	void unknownTeesqlOperationIsRejected() throws Exception {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(uri("/actuator/teesql/dropTables")).POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(response.statusCode()).isEqualTo(400);
	}

	private JsonNode readTeesqlStatus() throws Exception {
		HttpResponse<String> status = send(HttpRequest.newBuilder(uri("/actuator/teesql")).GET());
		assertThat(status.statusCode()).isEqualTo(200);
		return this.json.readTree(status.body());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
