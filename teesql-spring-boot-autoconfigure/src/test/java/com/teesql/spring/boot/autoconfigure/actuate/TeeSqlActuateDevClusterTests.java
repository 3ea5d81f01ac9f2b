package com.teesql.spring.boot.autoconfigure.actuate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.jdbc.monitor.AttestationDetails;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectorRegistration;
import com.teesql.spring.boot.autoconfigure.devcluster.TeeSqlDevClusterAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.support.GroupConnectionDetails;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * End to end against one real dev cluster (PostgreSQL behind an RA-TLS sidecar, real DCAP verification): health,
 * info, endpoint operations and metrics after real connections.
 */
class TeeSqlActuateDevClusterTests {

	private static DevCluster cluster;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TeeSqlDevClusterAutoConfiguration.class, TeeSqlAutoConfiguration.class,
				DataSourceAutoConfiguration.class,
				// Boot's MeterRegistryPostProcessor: binds the MeterBinder beans, as in an application.
				MetricsAutoConfiguration.class))
		.withConfiguration(TeeSqlActuateAutoConfigurationTests.ACTUATE)
		.withInitializer((context) -> context.getBeanFactory().registerSingleton("teesqlDevCluster", cluster))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("teesql.dev-cluster.enabled=true",
				// One pooled connection: no background connects racing the counts asserted below.
				"spring.datasource.hikari.maximum-pool-size=1",
				"management.endpoints.web.exposure.include=teesql");

	@BeforeAll
	static void startCluster() {
		cluster = DevCluster.start();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void healthIsUpWithAttestationDetailsAfterAConnection() {
		this.runner.run((context) -> {
			assertThat(query(context.getBean(DataSource.class))).isEqualTo(1);
			Health health = context.getBean("teesqlHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			Map<String, Object> details = health.getDetails();
			assertThat(details).containsEntry("target", "127.0.0.1:" + cluster.sidecarPort())
				.containsEntry("sidecarHttpUrl", "http://127.0.0.1:" + cluster.sidecarHttpPort())
				.containsEntry("sidecarHealth", "HTTP 200")
				.containsEntry("verifiedBy", "connection")
				.containsEntry("tcbStatus", "UpToDate")
				.containsEntry("verifier", "dcap")
				.containsEntry("appId", cluster.appId())
				.containsEntry("attestationFormat", "V0")
				.containsEntry("platform", "tdx")
				.containsEntry("identityPinned", true)
				.containsEntry("requireIdentity", true)
				.containsKeys("lastVerification", "pool");
			assertThat((String) details.get("mrtd")).hasSize(96);
			assertThat((String) details.get("leafSha256")).hasSize(AttestationDetails.LEAF_PREFIX_LENGTH);
			assertThat(map(details.get("pool"))).containsKeys("active", "idle", "total", "waiting");
			assertNoSecret(health);
		});
	}

	@Test
	void healthAttestsByHandshakeWhenNothingWasVerifiedYet() {
		this.runner.withPropertyValues("teesql.sidecar.timeout=10s").run((context) -> {
			long spliced = cluster.sidecarStats().sessionsSpliced();
			Health health = context.getBean("teesqlHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("verifiedBy", "health-check handshake")
				.doesNotContainKey("pool");
			// The probe never reached PostgreSQL: no session was spliced to the backend.
			assertThat(cluster.sidecarStats().sessionsSpliced()).isEqualTo(spliced);
		});
	}

	@Test
	void healthIsDownWhenTheSidecarHttpApiIsUnreachable() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		this.runner.withPropertyValues("teesql.sidecar.http-url=http://127.0.0.1:" + closed).run((context) -> {
			query(context.getBean(DataSource.class));
			Health health = context.getBean("teesqlHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat((String) health.getDetails().get("reason"))
				.isEqualTo("sidecar http://127.0.0.1:" + closed + "/health unreachable: ConnectException: "
						+ "Connection refused");
			assertNoSecret(health);
		});
	}

	@Test
	void refusedAttestationMakesHealthDownWithTheRefusalAndIsCounted() {
		this.runner.withPropertyValues("teesql.attestation.allowed-mrtd=" + "00".repeat(48)).run((context) -> {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> query(context.getBean(DataSource.class)));
			Health health = context.getBean("teesqlHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat((String) health.getDetails().get("reason")).contains("MRTD").doesNotContain("SQL");
			assertThat(context.getBean(MeterRegistry.class)
				.get(TeeSqlConnectionMetrics.VERIFICATION)
				.tag("verifier", "dcap")
				.tag("outcome", "failure")
				.tag("exception", "MrtdNotAllowedException")
				.timer()
				.count()).isGreaterThanOrEqualTo(2);
			// The TLS handshake itself succeeded; the attestation verification after it refused the peer.
			assertThat(context.getBean(MeterRegistry.class)
				.get(TeeSqlConnectionMetrics.HANDSHAKE)
				.tags("outcome", "success", "exception", "none")
				.timer()
				.count()).isGreaterThanOrEqualTo(2);
			assertThat(context.getBean(MeterRegistry.class)
				.find(TeeSqlConnectionMetrics.VERIFICATION)
				.tag("outcome", "success")
				.timer()).isNull();
			assertNoSecret(health);
		});
	}

	@Test
	void infoCarriesTheSidecarAttestationAndItsLocalVerification() {
		this.runner.run((context) -> {
			query(context.getBean(DataSource.class));
			Info.Builder builder = new Info.Builder();
			context.getBean("teesqlInfoContributor", InfoContributor.class).contribute(builder);
			Info info = builder.build();
			Map<String, Object> teesql = map(info.getDetails().get("teesql"));
			assertThat(teesql).doesNotContainKey("error");
			assertThat(map(teesql.get("connectionAttestation"))).containsEntry("attestationFormat", "V0")
				.containsEntry("platform", "tdx");
			Map<String, Object> attestation = map(teesql.get("attestation"));
			assertThat(attestation.keySet()).containsExactly("app_id", "compose_hash", "instance_id", "tcb_info",
					"postgres_state", "timestamp");
			Map<String, Object> verification = map(teesql.get("quoteVerification"));
			assertThat(verification).containsEntry("status", "verified")
				.containsEntry("checked", List.of("quote-signature", "tcb-status", "td-attributes"))
				.containsEntry("verifier", "dcap")
				.containsEntry("tcbStatus", "UpToDate")
				.containsEntry("mrtdMatchesTcbInfo", true)
				.containsEntry("mrtdMatchesConnection", true)
				.containsEntry("reportDataMatchesDocumentedFormula", true);
			assertThat(info.toString()).doesNotContain(cluster.readWriteSecret(), cluster.readSecret());
		});
	}

	@Test
	void infoNeverShowsADebugTdAsVerified() {
		// The sidecar's document then quotes a debug TD whose quote is genuinely signed and graded UpToDate.
		cluster.reissueServerCertificate(AttestationKnobs.genuine().withDebug(true));
		try {
			this.runner.run((context) -> {
				Info.Builder builder = new Info.Builder();
				context.getBean("teesqlInfoContributor", InfoContributor.class).contribute(builder);
				Map<String, Object> teesql = map(builder.build().getDetails().get("teesql"));
				Map<String, Object> verification = map(teesql.get("quoteVerification"));
				assertThat(verification).containsEntry("status", "refused")
					.containsEntry("refusal", "DebugModeException")
					.containsEntry("tcbStatus", "UpToDate");
				assertThat((String) verification.get("reason"))
					.startsWith("TDX TD is in debug mode \u2014 connection refused.");
			});
			this.runner.withPropertyValues("teesql.attestation.allow-debug-mode=true").run((context) -> {
				Info.Builder builder = new Info.Builder();
				context.getBean("teesqlInfoContributor", InfoContributor.class).contribute(builder);
				Map<String, Object> teesql = map(builder.build().getDetails().get("teesql"));
				// Explicitly allowed by the connector's policy: then, and only then, it passes the same checks.
				assertThat(map(teesql.get("quoteVerification"))).containsEntry("status", "verified");
			});
		}
		finally {
			cluster.reissueServerCertificate(AttestationKnobs.genuine());
		}
	}

	@Test
	void endpointReportsStatusAndReverifiesWithoutSql() {
		this.runner.run((context) -> {
			query(context.getBean(DataSource.class));
			TeeSqlEndpoint endpoint = context.getBean(TeeSqlEndpoint.class);
			Map<String, Object> status = endpoint.status();
			long verifications = (long) status.get("verifications");
			assertThat(verifications).isPositive();
			assertThat(map(status.get("lastAttestation"))).containsEntry("verifier", "dcap")
				.containsEntry("attestationFormat", "V0")
				.containsEntry("platform", "tdx");
			assertThat(map(status.get("connector"))).containsEntry("port", cluster.sidecarPort())
				.containsEntry("verifier", "dcap");
			long misses = (long) map(status.get("cache")).get("misses");
			long spliced = cluster.sidecarStats().sessionsSpliced();

			Map<String, Object> reverified = endpoint.run(TeeSqlEndpoint.REVERIFY);
			assertThat(reverified).containsEntry("outcome", "accepted");
			assertThat(map(reverified.get("attestation"))).containsEntry("tcbStatus", "UpToDate");
			Map<String, Object> after = endpoint.status();
			assertThat((long) after.get("verifications")).isEqualTo(verifications + 1);
			assertThat((long) map(after.get("cache")).get("misses")).isEqualTo(misses + 1);
			assertThat(cluster.sidecarStats().sessionsSpliced()).isEqualTo(spliced);

			assertThat(endpoint.run(TeeSqlEndpoint.REFRESH_MANIFEST)).containsEntry("outcome", "not-configured");
			assertThat(status.toString() + after + reverified).doesNotContain(cluster.readWriteSecret());
		});
	}

	@Test
	void metersAreBoundThroughTheMeterBinderWhenTheContextStarts() {
		this.runner.run((context) -> {
			assertThat(context.getBeansOfType(MeterBinder.class)).containsKey("teesqlConnectionMetrics");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// Before any connection: the series dashboards query exist, at zero.
			assertThat(registry.get(TeeSqlConnectionMetrics.HANDSHAKE)
				.tags("outcome", "success", "exception", "none")
				.timer()
				.count()).isZero();
			assertThat(registry.get(TeeSqlConnectionMetrics.CACHE_HITS).counter().count()).isZero();
		});
	}

	@Test
	void refusedAppIdIsCountedAsAFailureWithItsException() {
		this.runner.withPropertyValues("teesql.attestation.allowed-app-id=" + "0a".repeat(20)).run((context) -> {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> query(context.getBean(DataSource.class)));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(TeeSqlConnectionMetrics.VERIFICATION)
				.tags("verifier", "dcap", "outcome", "failure", "exception", "MeasurementNotAllowedException")
				.timer()
				.count()).isGreaterThanOrEqualTo(1);
			assertThat(registry.find(TeeSqlConnectionMetrics.VERIFICATION).tag("exception", "none").timers())
				.isEmpty();
		});
	}

	@Test
	void failedTlsHandshakeIsCountedAsAFailureWithItsException() throws IOException {
		// A peer that accepts TCP and hangs up at once: no TLS, so the handshake (SSLRequest exchange) fails.
		try (ServerSocket hangUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread acceptor = new Thread(() -> {
				while (!hangUp.isClosed()) {
					try (Socket socket = hangUp.accept()) {
						// closed on accept
					}
					catch (IOException ex) {
						// closed by the test
					}
				}
			}, "metrics-hang-up-sidecar");
			acceptor.setDaemon(true);
			acceptor.start();
			GroupConnectionDetails details = new GroupConnectionDetails(
					GroupConnectionDetails.parse("postgresql://teesql_readwrite:" + cluster.readWriteSecret()
							+ "@127.0.0.1:" + hangUp.getLocalPort() + "/" + cluster.database()),
					cluster.guestAgentEndpoint(), cluster.quoteVerifier(), cluster.appId());
			this.runner.withBean(TeeSqlConnectionDetails.class, () -> details).run((context) -> {
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> query(context.getBean(DataSource.class)));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get(TeeSqlConnectionMetrics.HANDSHAKE)
					.tags("outcome", "failure", "exception", "TlsNegotiationException")
					.timer()
					.count()).isGreaterThanOrEqualTo(1);
				// Nothing was verified: there was no certificate.
				assertThat(registry.find(TeeSqlConnectionMetrics.VERIFICATION).timers()).isEmpty();
			});
		}
	}

	@Test
	void metricsRecordHandshakesVerificationsAndCacheHits() {
		this.runner.run((context) -> {
			query(context.getBean(DataSource.class));
			// A second connection within the cache TTL is accepted from the verification cache.
			try (Socket socket = context.getBean(TeeSqlConnectorRegistration.class).getConnector().connect()) {
				assertThat(socket.isConnected()).isTrue();
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Timer verification = registry.get(TeeSqlConnectionMetrics.VERIFICATION)
				.tag("verifier", "dcap")
				.tag("outcome", "success")
				.tag("exception", "none")
				.timer();
			assertThat(verification.count()).isEqualTo(1);
			assertThat(verification.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
			assertThat(registry.get(TeeSqlConnectionMetrics.HANDSHAKE)
				.tags("outcome", "success", "exception", "none")
				.timer()
				.count()).isEqualTo(2);
			assertThat(registry.find(TeeSqlConnectionMetrics.HANDSHAKE).tag("outcome", "failure").timers()).isEmpty();
			assertThat(registry.get(TeeSqlConnectionMetrics.CACHE_HITS).counter().count()).isEqualTo(1);
		});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static void assertNoSecret(Object output) {
		assertThat(output.toString()).doesNotContain(cluster.readWriteSecret(), cluster.readSecret());
	}

	private static int query(DataSource dataSource) throws Exception {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT 1")) {
			rs.next();
			return rs.getInt(1);
		}
	}

}
