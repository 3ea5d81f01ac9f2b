package com.teesql.spring.boot.autoconfigure.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.devcluster.DevCluster;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The full application shape: Boot's own auto-configuration (web server, actuator, metrics, Hikari) with the dev
 * cluster, read and written over real HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "teesql.dev-cluster.enabled=true", "spring.datasource.hikari.maximum-pool-size=1",
				"management.endpoints.web.exposure.include=health,info,teesql",
				"management.endpoint.health.show-details=always", "management.endpoint.teesql.access=unrestricted",
				// Flyway is on the test classpath; it needs two connections, this pool has one.
				"spring.flyway.enabled=false",
				// R2DBC is on the test classpath too; Boot's DataSource would back off for its ConnectionFactory.
				"spring.autoconfigure.exclude=org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration" })
class TeeSqlActuatorHttpTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private DevCluster cluster;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void healthInfoAndTeesqlEndpointOverHttp() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(connection.isValid(5)).isTrue();
		}
		HttpResponse<String> health = send(HttpRequest.newBuilder(url("/actuator/health/teesql")).GET());
		assertThat(health.statusCode()).isEqualTo(200);
		JsonNode healthJson = this.json.readTree(health.body());
		assertThat(healthJson.path("status").asText()).isEqualTo("UP");
		assertThat(healthJson.path("details").path("tcbStatus").asText()).isEqualTo("UpToDate");
		// The dev cluster pins its own identity: no escape hatch in the sample's configuration.
		assertThat(healthJson.path("details").path("identityPinned").asBoolean()).isTrue();
		assertThat(healthJson.path("details").path("requireIdentity").asBoolean()).isTrue();

		HttpResponse<String> info = send(HttpRequest.newBuilder(url("/actuator/info")).GET());
		assertThat(info.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(info.body()).path("teesql").path("quoteVerification").path("status").asText())
			.isEqualTo("verified");

		HttpResponse<String> status = send(HttpRequest.newBuilder(url("/actuator/teesql")).GET());
		assertThat(status.statusCode()).isEqualTo(200);
		JsonNode statusJson = this.json.readTree(status.body());
		assertThat(statusJson.path("verifications").asLong()).isPositive();
		assertThat(statusJson.path("connector").path("identityPinned").asBoolean()).isTrue();
		assertThat(statusJson.path("connector").path("requireIdentity").asBoolean()).isTrue();
		assertThat(statusJson.path("connector").path("policy").path("allowedAppIds").get(0).asText())
			.isEqualTo(this.cluster.appId());

		HttpResponse<String> reverify = send(
				HttpRequest.newBuilder(url("/actuator/teesql/reverify")).POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(reverify.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(reverify.body()).path("outcome").asText()).isEqualTo("accepted");

		HttpResponse<String> manifest = send(HttpRequest.newBuilder(url("/actuator/teesql/refresh-manifest"))
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(manifest.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(manifest.body()).path("outcome").asText()).isEqualTo("not-configured");
		assertThat(this.json.readTree(manifest.body()).path("operation").asText()).isEqualTo("refresh-manifest");

		HttpResponse<String> unknown = send(
				HttpRequest.newBuilder(url("/actuator/teesql/dropTables")).POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(unknown.statusCode()).isEqualTo(400);

		assertThat(this.meterRegistry.get(TeeSqlConnectionMetrics.VERIFICATION)
			.tags("outcome", "success", "exception", "none")
			.timer()
			.count()).isGreaterThanOrEqualTo(2);
		for (HttpResponse<String> response : new HttpResponse[] { health, info, status, reverify, manifest }) {
			assertThat(response.body()).doesNotContain(this.cluster.readWriteSecret(), this.cluster.readSecret());
		}
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
