package com.teesql.spring.boot.autoconfigure.actuate;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.DevNode;
import com.teesql.devcluster.dns.DnsOutage;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.monitor.TeeSqlMonitor;
import com.teesql.jdbc.routing.Leader;
import com.teesql.jdbc.sidecar.SidecarHttpUrlResolver;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectorRegistration;
import com.teesql.spring.boot.autoconfigure.support.GroupConnectionDetails;
import com.teesql.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health, info and endpoint in leader-discovery mode, on a real two-node dev cluster whose leader is published as a
 * signed DNS manifest: they follow the leader the manifest names, report the manifest's freshness, and the endpoint
 * really refreshes it. The failover test runs last because it consumes the only standby.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TeeSqlActuateManifestTests {

	private static final String DOMAIN = "actuate.teesql.test";

	private static DevManifestCluster cluster;

	@BeforeAll
	static void start() {
		cluster = DevManifestCluster.start(2, DOMAIN);
	}

	@AfterAll
	static void stop() {
		if (cluster != null) {
			cluster.close();
		}
	}

	private ApplicationContextRunner runner() {
		QuoteVerifier verifier = cluster.group().quoteVerifier();
		String endpoint = cluster.group().guestAgentEndpoint();
		TeeSqlDsn dsn = parse(cluster.group().dsn("teesql_readwrite"));
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withConfiguration(TeeSqlActuateAutoConfigurationTests.ACTUATE)
			.withBean(TeeSqlConnectionDetails.class, () -> new GroupConnectionDetails(dsn, endpoint, verifier, cluster.group().appId()))
			// The dev nodes serve their sidecar HTTP API on ephemeral ports, not on 8080.
			.withBean(SidecarHttpUrlResolver.class, () -> (leader) -> cluster.group()
				.nodes()
				.stream()
				.filter((node) -> node.sidecarPort() == leader.port())
				.findFirst()
				.map((node) -> URI.create("http://127.0.0.1:" + node.sidecarHttpPort()))
				.orElseThrow(() -> new IllegalArgumentException("no dev node listens on " + leader)))
			.withPropertyValues("teesql.manifest.domain=" + DOMAIN,
					"teesql.manifest.signer-address=" + cluster.signerAddress(),
					"teesql.manifest.cluster-address=" + cluster.group().clusterAddress(),
					"teesql.manifest.resolvers=" + cluster.resolver(), "teesql.manifest.refresh-interval=1s",
					"teesql.sidecar.timeout=10s", "spring.datasource.hikari.maximum-pool-size=1",
					"spring.datasource.hikari.connection-timeout=5000",
					"management.endpoints.web.exposure.include=teesql");
	}

	@Test
	@Order(1)
	void actuatorBeansExistWithoutAFixedConnector() {
		runner().run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(TeeSqlConnectorRegistration.class)
			.hasSingleBean(Leader.class)
			.satisfies((ctx) -> assertThat(ctx.getBean(Leader.class)).isInstanceOf(Leader.Manifest.class))
			.hasSingleBean(TeeSqlMonitor.class)
			.hasBean("teesqlMonitor")
			.hasBean("teesqlHealthIndicator")
			.hasBean("teesqlInfoContributor")
			.hasSingleBean(TeeSqlEndpoint.class));
	}

	@Test
	@Order(2)
	void healthIsUpWithTheLeaderAndManifestDetails() {
		runner().run((context) -> {
			assertThat(query(context.getBean(DataSource.class))).isEqualTo(1);
			DevNode leader = cluster.group().leader();
			Health health = context.getBean("teesqlHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			Map<String, Object> details = health.getDetails();
			assertThat(details).containsEntry("target", "127.0.0.1:" + leader.sidecarPort())
				.containsEntry("sidecarHttpUrl", "http://127.0.0.1:" + leader.sidecarHttpPort())
				.containsEntry("sidecarHealth", "HTTP 200")
				// The leader's connector reported its verification to the shared activity record.
				.containsEntry("verifiedBy", "connection")
				.containsEntry("leaderUrl", leader.url())
				.containsEntry("leaderInstance", leader.instanceId())
				.containsEntry("epoch", cluster.group().epoch())
				.containsEntry("manifestRecord", "_teesql-leader." + DOMAIN)
				.containsEntry("tcbStatus", "UpToDate")
				.containsKeys("manifestValidUntil", "manifestLastVerified", "lastVerification")
				.doesNotContainKey("manifestRefreshFailure");
			assertThat(Instant.parse((String) details.get("manifestValidUntil"))).isAfter(Instant.now());
			assertThat(details.get("instanceId")).isEqualTo(leader.instanceId());
			assertNoSecret(health);
		});
	}

	@Test
	@Order(3)
	void endpointReportsManifestAndLivePoolsAndRefreshesTheManifest() {
		runner().run((context) -> {
			query(context.getBean(DataSource.class));
			DevNode leader = cluster.group().leader();
			TeeSqlEndpoint endpoint = context.getBean(TeeSqlEndpoint.class);
			Map<String, Object> status = endpoint.status();
			assertThat(map(status.get("connector"))).containsEntry("port", leader.sidecarPort());
			assertThat(map(status.get("manifest"))).containsEntry("epoch", cluster.group().epoch())
				.containsEntry("leaderUrl", leader.url())
				.containsEntry("leaderInstance", leader.instanceId())
				.containsEntry("record", "_teesql-leader." + DOMAIN)
				.doesNotContainKey("lastFailure");
			String writePool = leader.url() + "#" + cluster.group().epoch() + "/write";
			assertThat(map(status.get("pools"))).containsOnlyKeys(writePool);
			assertThat(map(map(status.get("pools")).get(writePool))).containsEntry("started", true)
				.containsEntry("total", 1);

			long queries = cluster.dns().udpQueries() + cluster.dns().tcpQueries();
			Map<String, Object> refreshed = endpoint.run(TeeSqlEndpoint.REFRESH_MANIFEST);
			assertThat(refreshed).containsEntry("outcome", "refreshed")
				.containsEntry("epoch", cluster.group().epoch())
				.containsEntry("leaderUrl", leader.url())
				.containsEntry("leaderChanged", false);
			assertThat(cluster.dns().udpQueries() + cluster.dns().tcpQueries()).as("the manifest was resolved again")
				.isGreaterThan(queries);

			Map<String, Object> reverified = endpoint.run(TeeSqlEndpoint.REVERIFY);
			assertThat(reverified).containsEntry("outcome", "accepted")
				.containsEntry("target", "127.0.0.1:" + leader.sidecarPort());
			assertNoSecret(status.toString() + refreshed + reverified);
		});
	}

	@Test
	@Order(4)
	void infoCarriesTheLeadersAttestation() {
		runner().run((context) -> {
			query(context.getBean(DataSource.class));
			DevNode leader = cluster.group().leader();
			Info.Builder builder = new Info.Builder();
			context.getBean("teesqlInfoContributor", InfoContributor.class).contribute(builder);
			Info info = builder.build();
			Map<String, Object> teesql = map(info.getDetails().get("teesql"));
			assertThat(teesql).doesNotContainKey("error")
				.containsEntry("sidecarHttpUrl", "http://127.0.0.1:" + leader.sidecarHttpPort())
				.containsEntry("instanceIdMatchesManifest", true);
			assertThat(map(teesql.get("leader"))).containsEntry("leaderUrl", leader.url());
			assertThat(map(teesql.get("attestation"))).containsEntry("instance_id", leader.instanceId());
			assertThat(map(teesql.get("quoteVerification"))).containsEntry("status", "verified")
				.containsEntry("mrtdMatchesConnection", true);
			assertNoSecret(info);
		});
	}

	@Test
	@Order(5)
	void dnsOutageKeepsHealthUpWhileTheManifestIsValidAndReportsTheFailure() {
		runner().run((context) -> {
			query(context.getBean(DataSource.class));
			TeeSqlEndpoint endpoint = context.getBean(TeeSqlEndpoint.class);
			HealthIndicator indicator = context.getBean("teesqlHealthIndicator", HealthIndicator.class);
			long epoch = cluster.group().epoch();
			cluster.dns().outage(DnsOutage.SERVFAIL);
			try {
				Map<String, Object> failed = endpoint.run(TeeSqlEndpoint.REFRESH_MANIFEST);
				assertThat(failed).containsEntry("outcome", "failed").containsEntry("keptEpoch", epoch);
				assertThat((String) failed.get("type")).endsWith("Exception");
				assertThat((String) failed.get("reason")).isNotBlank();

				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("epoch", epoch).containsKey("manifestRefreshFailure");
				assertThat(map(map(endpoint.status().get("manifest")).get("lastFailure"))).containsKeys("type",
						"reason");
				assertNoSecret(failed.toString() + health);
			}
			finally {
				cluster.dns().outage(DnsOutage.NONE);
			}
			assertThat(endpoint.run(TeeSqlEndpoint.REFRESH_MANIFEST)).containsEntry("outcome", "refreshed");
			assertThat(indicator.health().getDetails()).doesNotContainKey("manifestRefreshFailure");
		});
	}

	@Test
	@Order(6)
	void healthFollowsTheNewLeaderAfterAFailover() {
		runner().run((context) -> {
			query(context.getBean(DataSource.class));
			HealthIndicator indicator = context.getBean("teesqlHealthIndicator", HealthIndicator.class);
			DevNode former = cluster.group().leader();
			assertThat(indicator.health().getDetails()).containsEntry("leaderUrl", former.url());
			DevNode leader = cluster.failover();
			long epoch = cluster.group().epoch();
			Health health = awaitHealth(indicator, epoch);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("leaderUrl", leader.url())
				.containsEntry("leaderInstance", leader.instanceId())
				.containsEntry("target", "127.0.0.1:" + leader.sidecarPort())
				.containsEntry("sidecarHttpUrl", "http://127.0.0.1:" + leader.sidecarHttpPort())
				.containsEntry("instanceId", leader.instanceId());
			assertThat(leader.url()).isNotEqualTo(former.url());
			// Connections follow too, and health stays up with them.
			assertThat(query(context.getBean(DataSource.class))).isEqualTo(1);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			assertNoSecret(health);
		});
	}

	private static Health awaitHealth(HealthIndicator indicator, long epoch) {
		return Await.until("health shows epoch " + epoch + " and UP", indicator::health,
				(health) -> Long.valueOf(epoch).equals(health.getDetails().get("epoch"))
						&& health.getStatus() == Status.UP);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static void assertNoSecret(Object output) {
		assertThat(output.toString()).doesNotContain(cluster.group().readWriteSecret(), cluster.group().readSecret());
	}

	private static int query(DataSource dataSource) throws Exception {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT 1")) {
			rs.next();
			return rs.getInt(1);
		}
	}

	private static TeeSqlDsn parse(String dsn) {
		try {
			return TeeSqlDsn.parse(dsn);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
