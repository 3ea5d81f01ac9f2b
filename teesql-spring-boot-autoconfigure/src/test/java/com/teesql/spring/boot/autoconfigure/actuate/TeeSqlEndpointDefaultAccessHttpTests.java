package com.teesql.spring.boot.autoconfigure.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectorRegistration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code teesql} endpoint exposed over HTTP without any access setting: the status is readable, the write
 * operations ({@code reverify}, {@code refresh-manifest}) are not open until an operator opens them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "teesql.dev-cluster.enabled=true", "spring.datasource.hikari.maximum-pool-size=1",
				"management.endpoints.web.exposure.include=health,teesql",
				// Flyway is on the test classpath; it needs two connections, this pool has one.
				"spring.flyway.enabled=false" })
class TeeSqlEndpointDefaultAccessHttpTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private TeeSqlConnectorRegistration registration;

	@Test
	void statusIsReadableAndWriteOperationsAreClosedByDefault() throws Exception {
		HttpResponse<String> status = send(HttpRequest.newBuilder(url("/actuator/teesql")).GET());
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(new ObjectMapper().readTree(status.body()).path("connector").isObject()).isTrue();
		long verifications = this.registration.getConnector().verificationCount();
		for (String operation : new String[] { TeeSqlEndpoint.REVERIFY, TeeSqlEndpoint.REFRESH_MANIFEST }) {
			HttpResponse<String> write = send(HttpRequest.newBuilder(url("/actuator/teesql/" + operation))
				.POST(HttpRequest.BodyPublishers.noBody()));
			assertThat(write.statusCode()).as(operation).isIn(404, 405);
		}
		// Nothing was attested on request.
		assertThat(this.registration.getConnector().verificationCount()).isEqualTo(verifications);
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
