package com.teesql.sample.r2dbc;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.devcluster.DevCluster;
import com.teesql.r2dbc.AttestedConnectionFactory;
import com.teesql.spring.boot.autoconfigure.devcluster.AutoConfigureTeeSqlDevCluster;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive sample over real HTTP, on the embedded dev cluster: every query crosses the RA-TLS sidecar into a real
 * PostgreSQL through the attested R2DBC ConnectionFactory (r2dbc-pool over r2dbc-postgresql).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		// The first health check verifies a quote on a cold JVM; on a busy machine that can exceed the 2s default.
		properties = "teesql.sidecar.timeout=10s")
@AutoConfigureTeeSqlDevCluster
class ReactiveSampleApplicationTests {

	private static final Duration BLOCK = Duration.ofSeconds(30);

	private final ObjectMapper json = new ObjectMapper();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ConnectionFactory connectionFactory;

	@Autowired
	private DevCluster cluster;

	@Test
	void notesAreStoredThroughTheAttestedConnectionFactory() {
		assertThat(this.connectionFactory).isInstanceOf(ConnectionPool.class);
		assertThat(((ConnectionPool) this.connectionFactory).unwrap()).isNotNull();
		String created = client().post()
			.uri("/notes")
			.header("Content-Type", "application/json")
			.bodyValue("{\"body\": \"attested reactive hello\"}")
			.exchangeToMono((response) -> {
				assertThat(response.statusCode().value()).isEqualTo(201);
				return response.bodyToMono(String.class);
			})
			.block(BLOCK);
		assertThat(created).contains("\"body\":\"attested reactive hello\"").contains("\"id\":").contains("createdAt");
		String listed = client().get().uri("/notes").retrieve().bodyToMono(String.class).block(BLOCK);
		assertThat(listed).contains("attested reactive hello");
		assertThat(DatabaseClient.create(this.connectionFactory)
			.sql("SELECT current_user")
			.map((row) -> row.get(0, String.class))
			.one()
			.block(BLOCK)).isEqualTo("teesql_readwrite");
		// Proof that the rows went through the sidecar, not around it.
		assertThat(this.cluster.sidecarStats().sessionsSpliced()).isPositive();
	}

	@Test
	void blankNoteIsRejected() {
		int status = client().post()
			.uri("/notes")
			.header("Content-Type", "application/json")
			.bodyValue("{\"body\": \"  \"}")
			.exchangeToMono((response) -> reactor.core.publisher.Mono.just(response.statusCode().value()))
			.block(BLOCK);
		assertThat(status).isEqualTo(400);
	}

	@Test
	void reactiveHealthShowsTheAttestedCluster() throws Exception {
		String body = client().get()
			.uri("/actuator/health")
			.exchangeToMono((response) -> response.bodyToMono(String.class))
			.block(BLOCK);
		JsonNode health = this.json.readTree(body);
		assertThat(health.path("status").asText()).isEqualTo("UP");
		assertThat(health.path("components").has("r2dbc")).isTrue();
		JsonNode teesql = health.path("components").path("teesql");
		assertThat(teesql.path("status").asText()).isEqualTo("UP");
		assertThat(teesql.path("details").path("sidecarHealth").asText()).isEqualTo("HTTP 200");
		assertThat(teesql.path("details").path("tcbStatus").asText()).isEqualTo("UpToDate");
		assertThat(body).doesNotContain(this.cluster.readWriteSecret());
	}

	@Test
	void theConnectionFactoryIsTheAttestedOne() {
		ConnectionFactory inner = ((ConnectionPool) this.connectionFactory).unwrap();
		while (inner instanceof io.r2dbc.spi.Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory next) {
			inner = next;
		}
		assertThat(inner).isInstanceOf(AttestedConnectionFactory.class);
	}

	private WebClient client() {
		return WebClient.create("http://127.0.0.1:" + this.port);
	}

}
