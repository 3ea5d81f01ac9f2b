package com.teesql.spring.boot.autoconfigure.devcluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.devcluster.DevManifestCluster;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code teesqldevcluster} endpoint over HTTP on a replicated dev cluster: readable once exposed, its
 * {@code failover} write operation closed until {@code management.endpoint.teesqldevcluster.access} opens it.
 */
class TeeSqlDevClusterEndpointHttpTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Nested
	@SpringBootTest(classes = App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "teesql.dev-cluster.enabled=true", "teesql.dev-cluster.nodes=2",
					"management.endpoints.web.exposure.include=teesqldevcluster", "spring.flyway.enabled=false" })
	class ByDefault {

		@LocalServerPort
		int port;

		@Autowired
		DevManifestCluster cluster;

		@Test
		void showsTheClusterAndRefusesAFailover() throws Exception {
			long epoch = this.cluster.group().epoch();
			HttpResponse<String> shown = send(this.port, HttpRequest.newBuilder().GET());
			assertThat(shown.statusCode()).isEqualTo(200);
			assertThat(new ObjectMapper().readTree(shown.body()).path("epoch").asLong()).isEqualTo(epoch);
			HttpResponse<String> failover = send(this.port, HttpRequest.newBuilder()
				.POST(HttpRequest.BodyPublishers.noBody()));
			assertThat(failover.statusCode()).isIn(404, 405);
			assertThat(this.cluster.group().epoch()).isEqualTo(epoch);
		}

	}

	@Nested
	@SpringBootTest(classes = App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "teesql.dev-cluster.enabled=true", "teesql.dev-cluster.nodes=2",
					"management.endpoints.web.exposure.include=teesqldevcluster",
					"management.endpoint.teesqldevcluster.access=unrestricted", "spring.flyway.enabled=false" })
	class Opened {

		@LocalServerPort
		int port;

		@Autowired
		DevManifestCluster cluster;

		@Test
		void failsOverOnPost() throws Exception {
			long epoch = this.cluster.group().epoch();
			HttpResponse<String> failover = send(this.port, HttpRequest.newBuilder()
				.POST(HttpRequest.BodyPublishers.noBody()));
			assertThat(failover.statusCode()).isEqualTo(200);
			assertThat(this.cluster.group().epoch()).isEqualTo(epoch + 1);
			assertThat(new ObjectMapper().readTree(failover.body()).path("epoch").asLong()).isEqualTo(epoch + 1);
		}

	}

	private static HttpResponse<String> send(int port, HttpRequest.Builder request) throws Exception {
		return http.send(request.uri(URI.create("http://127.0.0.1:" + port + "/actuator/teesqldevcluster")).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
