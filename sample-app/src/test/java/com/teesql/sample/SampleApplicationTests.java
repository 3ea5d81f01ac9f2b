package com.teesql.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample over real HTTP, on the embedded dev cluster: every query crosses the RA-TLS sidecar into a real
 * PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("dev-cluster")
class SampleApplicationTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private JdbcClient jdbc;

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
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
