package com.teesql.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.devcluster.DevManifestCluster;
import com.teesql.spring.boot.autoconfigure.devcluster.AutoConfigureTeeSqlDevCluster;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard ({@code dashboards/teesql.json}) against the sample in leader mode on a three-node dev
 * cluster: after real traffic and a failover, every metric that a panel's PromQL queries is in the sample's
 * {@code /actuator/prometheus} scrape with at least one sample, and the leader-change counter counted the failover.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,prometheus",
				"teesql.manifest.refresh-interval=1s", "teesql.sidecar.timeout=10s" })
@AutoConfigureTeeSqlDevCluster(nodes = 3)
class SampleDashboardMetricsTests {

	private static final Path DASHBOARD = Path.of("..", "dashboards", "teesql.json");

	private static final Pattern METRIC = Pattern.compile("\\b((?:teesql|hikaricp)_[a-z0-9_]+)\\b");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private DevManifestCluster cluster;

	@Test
	void everyMetricTheDashboardQueriesHasDataAfterTrafficAndAFailover() throws Exception {
		Map<String, Set<String>> queried = queriedMetrics();
		assertThat(queried).as("metrics queried by the dashboard's panels").isNotEmpty();

		for (int i = 0; i < 3; i++) {
			assertThat(postNote("before the failover " + i)).isEqualTo(201);
		}
		this.cluster.failover();
		postUntilCreated("after the failover");
		assertThat(get("/notes").body()).contains("before the failover 0").contains("after the failover");

		Map<String, Double> scraped = scrape();
		List<String> missing = new ArrayList<>();
		queried.forEach((panel, metrics) -> metrics.stream()
			.filter((metric) -> !scraped.containsKey(metric))
			.forEach((metric) -> missing.add(panel + ": " + metric)));
		assertThat(missing).as("queried by a panel but absent from /actuator/prometheus").isEmpty();
		assertThat(scraped.get("teesql_leader_changes_total")).isEqualTo(1.0);
		assertThat(scraped.get("teesql_handshake_seconds_count")).isPositive();
		assertThat(scraped.get("hikaricp_connections_acquire_seconds_count")).isPositive();
		assertThat(scraped.get("teesql_manifest_epoch")).isEqualTo((double) this.cluster.group().epoch());
	}

	// Panel title -> metric names found in its targets' expr.
	private static Map<String, Set<String>> queriedMetrics() throws IOException {
		JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
		Map<String, Set<String>> queried = new TreeMap<>();
		for (JsonNode panel : dashboard.path("panels")) {
			Set<String> metrics = new TreeSet<>();
			for (JsonNode target : panel.path("targets")) {
				Matcher matcher = METRIC.matcher(target.path("expr").asText());
				while (matcher.find()) {
					metrics.add(matcher.group(1));
				}
			}
			assertThat(metrics).as("metrics of panel '%s'", panel.path("title").asText()).isNotEmpty();
			queried.put(panel.path("title").asText(), metrics);
		}
		return queried;
	}

	// Metric name -> sum of its samples (exposition format: name{labels} value).
	private Map<String, Double> scrape() throws Exception {
		HttpResponse<String> response = get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Double> samples = new TreeMap<>();
		for (String line : response.body().split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			int nameEnd = line.indexOf('{') > 0 ? line.indexOf('{') : line.indexOf(' ');
			String value = line.substring(line.lastIndexOf(' ') + 1);
			samples.merge(line.substring(0, nameEnd), Double.parseDouble(value), Double::sum);
		}
		return samples;
	}

	// The first writes after a failover may meet the fenced leader until the manifest is re-read.
	private void postUntilCreated(String body) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		int status;
		while ((status = postNote(body)) != 201) {
			assertThat(System.nanoTime()).as("POST /notes answered %d until the deadline", status).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	private int postNote(String body) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(uri("/notes"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"body\": \"" + body + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
