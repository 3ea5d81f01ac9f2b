package com.teesql.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.devcluster.DevCluster;
import com.teesql.spring.boot.autoconfigure.devcluster.AutoConfigureTeeSqlDevCluster;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret in any actuator response, with the test-only {@code actuator-audit} profile exposing {@code env} and
 * {@code configprops} and turning their value masking off: the dev cluster's cluster secrets and a configured Intel
 * Trust Authority API key must not appear in any body. Control assertions prove that the endpoints do show values,
 * so that the absence is not an artifact of masking everything.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		// The first health check verifies a quote on a cold JVM; on a busy machine that can exceed the 2s default.
		properties = "teesql.sidecar.timeout=10s")
@AutoConfigureTeeSqlDevCluster
@ActiveProfiles("actuator-audit")
class ActuatorSecretsTests {

	/** Must match application-actuator-audit.yml. */
	private static final String ITA_API_KEY = "ita-api-key-of-the-actuator-audit-profile";

	private static final List<String> ENDPOINTS = List.of("/actuator/env", "/actuator/configprops",
			"/actuator/teesql", "/actuator/info", "/actuator/health", "/actuator/health/teesql");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	private int port;

	@Autowired
	private DevCluster cluster;

	@Test
	void noActuatorResponseContainsASecret() throws Exception {
		// Connections must have been made (and the secret sent) for the check to mean anything.
		assertThat(send(HttpRequest.newBuilder(uri("/notes")).GET()).statusCode()).isEqualTo(200);
		List<String> secrets = List.of(this.cluster.readWriteSecret(), this.cluster.readSecret(), ITA_API_KEY);
		for (String endpoint : ENDPOINTS) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri(endpoint)).GET());
			assertThat(response.statusCode()).as(endpoint).isEqualTo(200);
			assertNoSecret(endpoint, response.body(), secrets);
		}
		HttpResponse<String> reverify = send(
				HttpRequest.newBuilder(uri("/actuator/teesql/reverify")).POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(reverify.statusCode()).isEqualTo(200);
		assertNoSecret("/actuator/teesql/reverify", reverify.body(), secrets);
	}

	@Test
	void envShowsValuesButMasksCredentials() throws Exception {
		HttpResponse<String> env = send(HttpRequest.newBuilder(uri("/actuator/env")).GET());
		assertThat(env.statusCode()).isEqualTo(200);
		// Control: values are shown at all.
		assertThat(env.body()).contains("\"teesql-sample\"");
		JsonNode apiKey = propertyValue(this.json.readTree(env.body()),
				"teesql.attestation.intel-trust-authority.api-key");
		assertThat(apiKey.asText()).isEqualTo("******");
	}

	@Test
	void configpropsShowsValuesButMasksThePoolPassword() throws Exception {
		HttpResponse<String> configprops = send(HttpRequest.newBuilder(uri("/actuator/configprops")).GET());
		assertThat(configprops.statusCode()).isEqualTo(200);
		JsonNode hikari = bean(this.json.readTree(configprops.body()), "spring.datasource.hikari");
		// Control: the pool's user name is shown, so its password (the cluster secret) would be too if unmasked.
		assertThat(hikari.path("properties").path("username").asText()).isEqualTo("teesql_readwrite");
		assertThat(hikari.path("properties").path("password").asText()).isEqualTo("******");
		JsonNode teesql = bean(this.json.readTree(configprops.body()), "teesql");
		assertThat(teesql.path("properties").path("attestation").path("intelTrustAuthority").path("apiKey").asText())
			.isEqualTo("******");
	}

	private static void assertNoSecret(String endpoint, String body, List<String> secrets) {
		for (String secret : secrets) {
			assertThat(body).as("%s must not contain a secret", endpoint).doesNotContainIgnoringCase(secret);
		}
	}

	private static JsonNode propertyValue(JsonNode env, String name) {
		for (JsonNode source : env.path("propertySources")) {
			JsonNode property = source.path("properties").path(name);
			if (!property.isMissingNode()) {
				return property.path("value");
			}
		}
		throw new AssertionError("No property source of /actuator/env has " + name);
	}

	private static JsonNode bean(JsonNode configprops, String prefix) {
		for (JsonNode context : configprops.path("contexts")) {
			for (JsonNode bean : context.path("beans")) {
				if (prefix.equals(bean.path("prefix").asText())) {
					return bean;
				}
			}
		}
		throw new AssertionError("No configuration properties bean with prefix " + prefix);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
