package com.teesql.spring.boot.autoconfigure.r2dbc;

import java.time.Duration;

import com.teesql.devcluster.DevCluster;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.r2dbc.AttestedConnectionFactory;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.actuate.TeeSqlConnectionMetrics;
import com.teesql.spring.boot.autoconfigure.actuate.TeeSqlHealthContributorAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.actuate.TeeSqlMetricsAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.actuate.TeeSqlMonitorAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.devcluster.TeeSqlDevClusterAutoConfiguration;
import com.teesql.testsupport.Causes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.Wrapped;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Boot's R2DBC auto-configuration on a real dev cluster (the cluster as the service connection, real sidecar, real
 * PostgreSQL, real DCAP verification): the attested factory behind r2dbc-pool with {@code spring.r2dbc.pool.*}, the
 * connector's metrics and the {@code teesql} health for R2DBC connections, and the refusal of a connection of
 * R2DBC's own.
 */
class TeeSqlR2dbcDevClusterTests {

	private static final Duration BLOCK = Duration.ofSeconds(30);

	private static DevCluster cluster;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TeeSqlDevClusterAutoConfiguration.class, TeeSqlAutoConfiguration.class,
				TeeSqlR2dbcAutoConfiguration.class, R2dbcAutoConfiguration.class, TeeSqlMonitorAutoConfiguration.class,
				TeeSqlHealthContributorAutoConfiguration.class, TeeSqlMetricsAutoConfiguration.class,
				MetricsAutoConfiguration.class))
		.withInitializer((context) -> context.getBeanFactory().registerSingleton("teesqlDevCluster", cluster))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("teesql.dev-cluster.enabled=true");

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
	void pooledFactoryHonoursThePoolPropertiesAndConnectsAttested() {
		this.runner.withPropertyValues("spring.r2dbc.pool.max-size=3", "spring.r2dbc.pool.initial-size=0")
			.run((context) -> {
				ConnectionFactory factory = context.getBean(ConnectionFactory.class);
				assertThat(factory).isInstanceOf(ConnectionPool.class);
				ConnectionPool pool = (ConnectionPool) factory;
				assertThat(pool.getMetrics().orElseThrow().getMaxAllocatedSize()).isEqualTo(3);
				assertThat(innermost(pool)).isInstanceOf(AttestedConnectionFactory.class);
				assertThat(currentUser(factory)).isEqualTo("teesql_readwrite");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get(TeeSqlConnectionMetrics.HANDSHAKE)
					.tags("outcome", "success", "exception", "none")
					.timer()
					.count()).isEqualTo(1);
				assertThat(registry.get(TeeSqlConnectionMetrics.VERIFICATION)
					.tags("verifier", "dcap", "outcome", "success", "exception", "none")
					.timer()
					.count()).isEqualTo(1);
				Health health = context.getBean("teesqlHealthIndicator", HealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("verifier", "dcap")
					.containsEntry("tcbStatus", "UpToDate")
					.containsEntry("appId", cluster.appId());
				assertThat(health.toString()).doesNotContain(cluster.readWriteSecret());
			});
	}

	@Test
	void withoutPoolingTheFactoryIsTheAttestedOne() {
		this.runner.withPropertyValues("spring.r2dbc.pool.enabled=false").run((context) -> {
			ConnectionFactory factory = context.getBean(ConnectionFactory.class);
			assertThat(factory).isNotInstanceOf(ConnectionPool.class);
			assertThat(innermost(factory)).isInstanceOf(AttestedConnectionFactory.class);
			assertThat(currentUser(factory)).isEqualTo("teesql_readwrite");
			assertThat(context.getBean(R2dbcConnectionDetails.class).toString())
				.doesNotContain(cluster.readWriteSecret());
		});
	}

	@Test
	void refusedAttestationFailsTheConnectionWithTheTypedCauseAndMakesHealthDown() {
		this.runner.withPropertyValues("teesql.attestation.allowed-mrtd=" + "00".repeat(48)).run((context) -> {
			long startups = cluster.sidecarStats().startupMessagesSeen();
			R2dbcPermissionDeniedException failure = catchThrowableOfType(R2dbcPermissionDeniedException.class,
					() -> currentUser(context.getBean(ConnectionFactory.class)));
			assertThat(failure).isNotNull();
			assertThat(rootTeeSqlCause(failure)).isInstanceOf(MrtdNotAllowedException.class);
			assertThat(cluster.sidecarStats().startupMessagesSeen()).isEqualTo(startups);
			Health health = context.getBean("teesqlHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(context.getBean(MeterRegistry.class)
				.get(TeeSqlConnectionMetrics.VERIFICATION)
				.tags("verifier", "dcap", "outcome", "failure", "exception", "MrtdNotAllowedException")
				.timer()
				.count()).isGreaterThanOrEqualTo(1);
		});
	}

	@Test
	void anR2dbcUrlOfItsOwnIsRefusedNamingThePropertyNotItsValue() {
		this.runner.withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://elsewhere:5432/db",
				"spring.r2dbc.password=hunter2-secret")
			.run((context) -> {
				assertThat(context).hasFailed();
				R2dbcConnectionBypassException failure = Causes.find(context.getStartupFailure(),
						R2dbcConnectionBypassException.class);
				assertThat(failure.getProperties()).containsExactly("spring.r2dbc.url", "spring.r2dbc.password");
				assertThat(failure).hasMessageContaining("bypass RA-TLS").hasMessageNotContaining("hunter2");
			});
	}

	@Test
	void withoutTheR2dbcModuleNothingIsContributed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlDevClusterAutoConfiguration.class,
					TeeSqlAutoConfiguration.class, TeeSqlR2dbcAutoConfiguration.class))
			.withInitializer((context) -> context.getBeanFactory().registerSingleton("teesqlDevCluster", cluster))
			.withPropertyValues("teesql.dev-cluster.enabled=true")
			.withClassLoader(new FilteredClassLoader(AttestedConnectionFactory.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TeeSqlR2dbcConnectionDetails.class));
	}

	private static String currentUser(ConnectionFactory factory) {
		return Mono.usingWhen(Mono.from(factory.create()),
				(Connection connection) -> Mono.from(connection.createStatement("SELECT current_user").execute())
					.flatMap((result) -> Mono.from(result.map((row, metadata) -> row.get(0, String.class)))),
				Connection::close)
			.block(BLOCK);
	}

	private static ConnectionFactory innermost(ConnectionFactory factory) {
		ConnectionFactory current = factory;
		while (current instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory inner) {
			current = inner;
		}
		return current;
	}

	private static Throwable rootTeeSqlCause(Throwable failure) {
		return failure.getCause();
	}

}
