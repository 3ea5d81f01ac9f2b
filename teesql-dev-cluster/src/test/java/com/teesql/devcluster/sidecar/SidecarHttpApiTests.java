package com.teesql.devcluster.sidecar;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.devcluster.postgres.DevPostgres;
import com.teesql.jdbc.attestation.TdxQuoteLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the sidecar's HTTP API against a real PostgreSQL.
 */
class SidecarHttpApiTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final ObjectMapper json = new ObjectMapper();

	private static DevPostgres postgres;

	private static VectorQuoteSource quotes;

	private static Sidecar sidecar;

	@BeforeAll
	static void start() throws Exception {
		postgres = DevPostgres.start();
		quotes = new VectorQuoteSource();
		sidecar = Sidecar.start(config(postgres).attestationSource(quotes).build());
	}

	@AfterAll
	static void stop() {
		if (sidecar != null) {
			sidecar.close();
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	private static SidecarConfig.Builder config(DevPostgres backend) {
		TestCertificates.Issued server = TestCertificates.serverCertificate("http-api-test");
		return SidecarConfig.builder()
			.backend(backend)
			.readSecret(SidecarTests.randomHex())
			.readWriteSecret(SidecarTests.randomHex())
			.requireClientCertificate(false)
			.serverCertificate(server.keyPair().getPrivate(), server.chain());
	}

	@Test
	void healthIsOkWithALiveBackend() throws Exception {
		HttpResponse<String> response = get(sidecar, "/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(json.readTree(response.body()).get("status").asText()).isEqualTo("ok");
	}

	@Test
	void healthIsUnavailableOnceTheBackendStops() throws Exception {
		DevPostgres doomed = DevPostgres.startEmbedded();
		try (Sidecar doomedSidecar = Sidecar.start(config(doomed).build())) {
			assertThat(get(doomedSidecar, "/health").statusCode()).isEqualTo(200);
			doomed.close();
			HttpResponse<String> response = get(doomedSidecar, "/health");
			assertThat(response.statusCode()).isEqualTo(503);
			JsonNode body = json.readTree(response.body());
			assertThat(body.get("status").asText()).isEqualTo("unavailable");
			assertThat(body.get("reason").asText()).contains("127.0.0.1:" + doomed.port());
		}
		finally {
			doomed.close();
		}
	}

	@Test
	void attestationHasEveryDocumentedFieldAndBindsThePostgresState() throws Exception {
		String lsnBefore = currentLsn();
		int quotesBefore = quotes.quotesIssued();
		HttpResponse<String> response = get(sidecar, "/attestation");
		String lsnAfter = currentLsn();
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		List<String> fields = new ArrayList<>();
		body.fieldNames().forEachRemaining(fields::add);
		assertThat(fields).containsExactly("app_id", "compose_hash", "instance_id", "quote", "tcb_info",
				"postgres_state", "timestamp");
		assertThat(body.get("app_id").asText()).isEqualTo(quotes.appId());
		assertThat(body.get("compose_hash").asText()).matches("[0-9a-f]{64}");
		assertThat(body.get("instance_id").asText()).isEqualTo("dev-node-0");
		assertThat(body.get("timestamp").isIntegralNumber()).isTrue();
		long timestamp = body.get("timestamp").asLong();
		assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThanOrEqualTo(5);

		JsonNode tcb = body.get("tcb_info");
		List<String> tcbFields = new ArrayList<>();
		tcb.fieldNames().forEachRemaining(tcbFields::add);
		assertThat(tcbFields).containsExactly("mrtd", "rtmr0", "rtmr1", "rtmr2", "rtmr3");
		tcb.forEach((value) -> assertThat(value.asText()).matches("[0-9a-f]{96}"));

		JsonNode state = body.get("postgres_state");
		String walLsn = state.get("wal_lsn").asText();
		assertThat(walLsn).matches("[0-9A-F]+/[0-9A-F]+");
		assertThat(lsnValue(walLsn)).isBetween(lsnValue(lsnBefore), lsnValue(lsnAfter));
		if (lsnBefore.equals(lsnAfter)) {
			assertThat(walLsn).isEqualTo(lsnBefore);
		}
		String controldataHash = state.get("controldata_hash").asText();
		assertThat(controldataHash).matches("[0-9a-f]{64}");
		assertThat(state.get("pg_version").asText()).isEqualTo(serverVersion());

		byte[] quote = HexFormat.of().parseHex(body.get("quote").asText());
		assertThat(quotes.quotesIssued()).as("a fresh quote per request").isEqualTo(quotesBefore + 1);
		int reportDataStart = TdxQuoteLayout.V4_REPORT_OFFSET + TdxQuoteLayout.REPORT_DATA;
		byte[] reportData = Arrays.copyOfRange(quote, reportDataStart, reportDataStart + 64);
		byte[] expected = MessageDigest.getInstance("SHA-256")
			.digest((walLsn + controldataHash + timestamp).getBytes(StandardCharsets.UTF_8));
		assertThat(Arrays.copyOf(reportData, 32)).isEqualTo(expected);
		assertThat(Arrays.copyOfRange(reportData, 32, 64)).containsOnly(0);
		int mrtdStart = TdxQuoteLayout.V4_REPORT_OFFSET + TdxQuoteLayout.MR_TD;
		assertThat(HexFormat.of().formatHex(quote, mrtdStart, mrtdStart + 48)).isEqualTo(tcb.get("mrtd").asText());
	}

	@Test
	void attestationWithoutASourceIsUnavailable() throws Exception {
		try (Sidecar bare = Sidecar.start(config(postgres).build())) {
			HttpResponse<String> response = get(bare, "/attestation");
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(json.readTree(response.body()).get("error").asText()).contains("not configured");
		}
	}

	@Test
	void unknownPathIsNotFoundAndOtherMethodsAreRefused() throws Exception {
		assertThat(get(sidecar, "/metrics").statusCode()).isEqualTo(404);
		HttpRequest post = HttpRequest.newBuilder(uri(sidecar, "/health"))
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build();
		HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("GET");
	}

	private static HttpResponse<String> get(Sidecar target, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(target, path)).timeout(Duration.ofSeconds(15)).GET().build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(Sidecar target, String path) {
		return URI.create("http://127.0.0.1:" + target.httpPort() + path);
	}

	private static String currentLsn() throws Exception {
		return adminQuery("SELECT pg_current_wal_lsn()::text");
	}

	private static String serverVersion() throws Exception {
		return adminQuery("SHOW server_version");
	}

	private static String adminQuery(String sql) throws Exception {
		try (Connection admin = postgres.openAdminConnection();
				Statement statement = admin.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
	}

	private static long lsnValue(String lsn) {
		String[] parts = lsn.split("/");
		return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
	}

}
