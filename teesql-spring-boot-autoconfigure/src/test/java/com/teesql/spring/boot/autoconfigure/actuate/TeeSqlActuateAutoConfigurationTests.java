package com.teesql.spring.boot.autoconfigure.actuate;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.teesql.devcluster.http.HttpRoutes;
import com.teesql.devcluster.http.LocalHttpResponse;
import com.teesql.devcluster.http.LocalHttpServer;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.InvalidDsnException;
import com.teesql.jdbc.manifest.LeaderTarget;
import com.teesql.jdbc.monitor.TeeSqlConnectionActivity;
import com.teesql.jdbc.monitor.TeeSqlHealthReport;
import com.teesql.jdbc.monitor.TeeSqlMonitor;
import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import com.teesql.jdbc.routing.Leader;
import com.teesql.jdbc.sidecar.SidecarHttpUrlResolver;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectorRegistration;
import com.teesql.spring.boot.autoconfigure.TeeSqlProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring, conditions and back-off of the actuator support, and its bounded behaviour against unreachable and slow
 * sidecars (real sockets, no TeeSQL server needed).
 */
class TeeSqlActuateAutoConfigurationTests {

	private static final String SECRET = "5e".repeat(32);

	/** The starter's actuator support: one auto-configuration per concern, as in an application. */
	static final AutoConfigurations ACTUATE = AutoConfigurations.of(TeeSqlMonitorAutoConfiguration.class,
			TeeSqlHealthContributorAutoConfiguration.class, TeeSqlInfoContributorAutoConfiguration.class,
			TeeSqlEndpointAutoConfiguration.class, TeeSqlMetricsAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class))
		.withConfiguration(ACTUATE)
		.withPropertyValues("teesql.url=postgresql://teesql_read:" + SECRET + "@127.0.0.1:" + closedPort() + "/app",
				"teesql.attestation.verifier=none", "teesql.connect-timeout=1s",
				"teesql.attestation.allowed-app-id=" + "0a".repeat(20));

	@Test
	void contributesHealthInfoAndMonitorByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TeeSqlMonitor.class)
				.hasSingleBean(TeeSqlConnectionActivity.class)
				.hasBean("teesqlHealthIndicator")
				.hasBean("teesqlInfoContributor")
				.doesNotHaveBean(TeeSqlEndpoint.class)
				.doesNotHaveBean(TeeSqlConnectionMetrics.class);
			assertThat(context.getBean(TeeSqlConnectorRegistration.class).getConnector().observer())
				.isNotSameAs(RaTlsConnectionObserver.NONE);
		});
	}

	@Test
	void aFixedUrlIsALeaderThatNeverChangesWithOneMonitor() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Leader.class).hasSingleBean(TeeSqlMonitor.class).hasBean("teesqlMonitor");
			assertThat(context.getBean(Leader.class)).isInstanceOf(Leader.Fixed.class);
			assertThat(context.getBean(Leader.class).connector())
				.isSameAs(context.getBean(TeeSqlConnectorRegistration.class).getConnector());
		});
	}

	@Test
	void eachConcernIsItsOwnAutoConfiguration() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class,
					TeeSqlMonitorAutoConfiguration.class, TeeSqlHealthContributorAutoConfiguration.class))
			.withPropertyValues("teesql.url=postgresql://teesql_read:" + SECRET + "@127.0.0.1:" + closedPort() + "/app",
					"teesql.attestation.verifier=none", "teesql.attestation.allowed-app-id=" + "0a".repeat(20),
					"management.endpoints.web.exposure.include=teesql")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(TeeSqlMonitor.class)
				.hasBean("teesqlHealthIndicator")
				.doesNotHaveBean("teesqlInfoContributor")
				.doesNotHaveBean(TeeSqlEndpoint.class)
				.doesNotHaveBean(TeeSqlConnectionMetrics.class));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, TeeSqlEndpointAutoConfiguration.class,
					TeeSqlInfoContributorAutoConfiguration.class, TeeSqlHealthContributorAutoConfiguration.class))
			.withPropertyValues("teesql.url=postgresql://teesql_read:" + SECRET + "@127.0.0.1:" + closedPort() + "/app",
					"teesql.attestation.verifier=none", "teesql.attestation.allowed-app-id=" + "0a".repeat(20),
					"management.endpoints.web.exposure.include=teesql")
			// Without the monitor there is nothing to report: every contributor backs off.
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TeeSqlMonitor.class)
				.doesNotHaveBean("teesqlHealthIndicator")
				.doesNotHaveBean("teesqlInfoContributor")
				.doesNotHaveBean(TeeSqlEndpoint.class));
	}

	@Test
	void sidecarUrlOfALeaderIsThePropertyThenTheResolverThenTheDetailsOwnNodeThenPort8080() throws Exception {
		TeeSqlProperties properties = new TeeSqlProperties();
		TeeSqlConnectionDetails details = new TeeSqlConnectionDetails() {

			@Override
			public TeeSqlDsn getDsn() {
				try {
					return TeeSqlDsn.parse("postgresql://teesql_read:" + SECRET + "@10.0.0.1:15433/app");
				}
				catch (InvalidDsnException ex) {
					throw new IllegalStateException(ex);
				}
			}

			@Override
			public URI getSidecarHttpUrl() {
				return URI.create("http://127.0.0.1:18080");
			}

		};
		LeaderTarget own = new LeaderTarget("10.0.0.1", 15433);
		LeaderTarget other = new LeaderTarget("fd00::2", 5433);
		SidecarHttpUrlResolver standard = TeeSqlMonitorAutoConfiguration.sidecarHttpUrls(properties, null, details);
		assertThat(standard.sidecarHttpUrl(own)).isEqualTo(URI.create("http://127.0.0.1:18080"));
		assertThat(standard.sidecarHttpUrl(other)).isEqualTo(URI.create("http://[fd00::2]:8080"));
		SidecarHttpUrlResolver resolver = (leader) -> URI.create("http://resolved:1");
		assertThat(TeeSqlMonitorAutoConfiguration.sidecarHttpUrls(properties, resolver, details).sidecarHttpUrl(own))
			.isEqualTo(URI.create("http://resolved:1"));
		properties.getSidecar().setHttpUrl(URI.create("http://proxy:2"));
		assertThat(TeeSqlMonitorAutoConfiguration.sidecarHttpUrls(properties, resolver, details).sidecarHttpUrl(other))
			.isEqualTo(URI.create("http://proxy:2"));
	}

	@Test
	void backsOffWithoutTeeSqlConfiguration() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class))
			.withConfiguration(ACTUATE)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TeeSqlMonitor.class)
				.doesNotHaveBean("teesqlHealthIndicator"));
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.runner.withPropertyValues("management.health.teesql.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("teesqlHealthIndicator")
				.hasBean("teesqlInfoContributor"));
	}

	@Test
	void infoContributorCanBeDisabled() {
		this.runner.withPropertyValues("management.info.teesql.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("teesqlInfoContributor")
				.hasBean("teesqlHealthIndicator"));
	}

	@Test
	void backsOffFromUserHealthIndicatorByName() {
		this.runner.withBean("teesqlHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TeeSqlHealthIndicator.class);
				assertThat(context.getBean("teesqlHealthIndicator", HealthIndicator.class).health().getStatus())
					.isEqualTo(Status.UP);
			});
	}

	@Test
	void endpointOnlyWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=teesql")
			.run((context) -> assertThat(context).hasSingleBean(TeeSqlEndpoint.class));
	}

	@Test
	void metricsObserverWithMeterRegistry() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(TeeSqlConnectionMetrics.class));
	}

	@Test
	void startsWithoutActuatorOrMicrometer() {
		this.runner
			.withClassLoader(new FilteredClassLoader(HealthIndicator.class, InfoContributor.class, Endpoint.class,
					MeterRegistry.class))
			.withPropertyValues("management.endpoints.web.exposure.include=teesql")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(TeeSqlConnectorRegistration.class)
				.hasSingleBean(TeeSqlMonitor.class)
				.doesNotHaveBean("teesqlHealthIndicator")
				.doesNotHaveBean("teesqlInfoContributor")
				.doesNotHaveBean("teesqlEndpoint")
				.doesNotHaveBean("teesqlConnectionMetrics"));
	}

	@Test
	void sidecarUrlDefaultsToTargetHostOnPort8080() {
		this.runner.run((context) -> assertThat(context.getBean(TeeSqlMonitor.class).status())
			.containsEntry("sidecarHttpUrl", "http://127.0.0.1:8080"));
	}

	@Test
	void healthIsDownWithReasonWhenSidecarHttpIsClosed() {
		int port = closedPort();
		this.runner.withPropertyValues("teesql.sidecar.http-url=http://127.0.0.1:" + port).run((context) -> {
			Health health = context.getBean("teesqlHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat((String) health.getDetails().get("reason"))
				.startsWith("sidecar http://127.0.0.1:" + port + "/health unreachable: ConnectException");
			assertThat(health.getDetails()).containsEntry("sidecarHttpUrl", "http://127.0.0.1:" + port);
			assertThat(health.toString()).doesNotContain(SECRET);
		});
	}

	@Test
	void healthIsDownWithTheRefusalWhenTheTargetCannotBeAttested() throws Exception {
		try (LocalHttpServer sidecar = new LocalHttpServer("fake-sidecar",
				new HttpRoutes().add("GET", "/health", (request) -> LocalHttpResponse.json(200, Map.of("status", "ok"))))) {
			int httpPort = sidecar.listenOnLoopback().getPort();
			this.runner.withPropertyValues("teesql.sidecar.http-url=http://127.0.0.1:" + httpPort,
					"teesql.dstack.endpoint=http://127.0.0.1:" + closedPort(), "teesql.dstack.timeout=1s")
				.run((context) -> {
					TeeSqlHealthReport report = context.getBean(TeeSqlMonitor.class).health();
					assertThat(report.up()).isFalse();
					// No guest agent: the client certificate cannot be obtained, so no handshake, no SQL.
					assertThat(report.reason()).isNotBlank().doesNotContain(SECRET);
					assertThat(report.details()).containsEntry("sidecarHealth", "HTTP 200");
				});
		}
	}

	@Test
	@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void slowSidecarDoesNotHoldUpHealthOrInfo() throws Exception {
		// The sidecar answers only once health and info have returned: waiting for it would hang the test.
		CountDownLatch answered = new CountDownLatch(1);
		HttpRoutes routes = new HttpRoutes().add("GET", "/attestation", (request) -> answerAfter(answered))
			.add("GET", "/health", (request) -> answerAfter(answered));
		try (LocalHttpServer slow = new LocalHttpServer("slow-sidecar", routes)) {
			int port = slow.listenOnLoopback().getPort();
			this.runner
				.withPropertyValues("teesql.sidecar.http-url=http://127.0.0.1:" + port, "teesql.sidecar.timeout=300ms")
				.run((context) -> {
					InfoContributor contributor = context.getBean("teesqlInfoContributor", InfoContributor.class);
					Info.Builder builder = new Info.Builder();
					contributor.contribute(builder);
					Health health = context.getBean("teesqlHealthIndicator", HealthIndicator.class).health();
					answered.countDown();
					@SuppressWarnings("unchecked")
					Map<String, Object> teesql = (Map<String, Object>) builder.build().getDetails().get("teesql");
					// Either the caller's wait or the request's own read timeout ends it first; both are 300 ms.
					assertThat((String) teesql.get("error")).containsAnyOf("within PT0.3S", "Read timed out");
					assertThat(health.getStatus()).isEqualTo(Status.DOWN);
					assertThat((String) health.getDetails().get("reason")).containsAnyOf("within PT0.3S",
							"Read timed out");
				});
		}
	}

	@Test
	void identityPinIsShownInTheEndpointAndHealthDetails() {
		this.runner.withPropertyValues("teesql.sidecar.http-url=http://127.0.0.1:" + closedPort()).run((context) -> {
			TeeSqlMonitor monitor = context.getBean(TeeSqlMonitor.class);
			assertThat(map(monitor.status().get("connector"))).containsEntry("identityPinned", true)
				.containsEntry("requireIdentity", true);
			assertThat(monitor.health().details()).containsEntry("identityPinned", true)
				.containsEntry("requireIdentity", true);
		});
	}

	@Test
	void escapeHatchIsShownInTheEndpointAndHealthDetails() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class))
			.withConfiguration(ACTUATE)
			.withPropertyValues("teesql.url=postgresql://teesql_read:" + SECRET + "@127.0.0.1:" + closedPort() + "/app",
					"teesql.sidecar.http-url=http://127.0.0.1:" + closedPort(),
					"teesql.attestation.require-identity=false")
			.run((context) -> {
				TeeSqlMonitor monitor = context.getBean(TeeSqlMonitor.class);
				assertThat(map(monitor.status().get("connector"))).containsEntry("identityPinned", false)
					.containsEntry("requireIdentity", false);
				Health health = context.getBean("teesqlHealthIndicator", HealthIndicator.class).health();
				// DOWN (nothing listens), and still saying that any identity would have been accepted.
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("identityPinned", false)
					.containsEntry("requireIdentity", false);
			});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@Test
	void refreshManifestSaysThereIsNone() {
		this.runner.run((context) -> assertThat(context.getBean(TeeSqlMonitor.class).refreshManifest())
			.containsEntry("outcome", "not-configured")
			.hasEntrySatisfying("message", (message) -> assertThat((String) message)
				.startsWith("no manifest configured")));
	}

	private static LocalHttpResponse answerAfter(CountDownLatch released) {
		try {
			released.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return LocalHttpResponse.json(200, Map.of("status", "ok"));
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
