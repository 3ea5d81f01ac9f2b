package com.teesql.spring.boot.autoconfigure.routing;

import java.time.Duration;
import java.util.List;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.devcluster.TeeSqlDevClusterAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leader-mode pools as Boot shows any DataSource, with Boot's own {@code DataSourcePoolMetricsAutoConfiguration} and
 * {@code DataSourceHealthContributorAutoConfiguration} in the context: Hikari's meters and the {@code db} health
 * under the stable pool name {@code teesql-write}, on a replicated dev cluster, before and after a failover.
 */
class LeaderPoolVisibilityTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TeeSqlDevClusterAutoConfiguration.class,
				TeeSqlAutoConfiguration.class, TeeSqlLeaderPoolMetricsAutoConfiguration.class,
				TeeSqlLeaderPoolHealthAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, MetricsAutoConfiguration.class,
				DataSourcePoolMetricsAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				DataSourceHealthContributorAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("teesql.dev-cluster.enabled=true", "teesql.dev-cluster.nodes=2",
				"teesql.manifest.refresh-interval=1s", "spring.datasource.hikari.connection-timeout=5000");

	@Test
	void poolsAreMeteredAndHealthCheckedUnderStableNamesAcrossAFailover() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasBean("dbHealthContributor");
			LeaderPoolsHealthContributor db = context.getBean("dbHealthContributor", LeaderPoolsHealthContributor.class);
			// Present and UP before the application's first query.
			assertThat(names(db)).containsExactly("teesql-write");
			assertThat(((HealthIndicator) db.getContributor("teesql-write")).health().getStatus()).isEqualTo(Status.UP);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("CREATE TABLE visible_writes (id int PRIMARY KEY)");
			jdbc.update("INSERT INTO visible_writes VALUES (1)");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("hikaricp.connections.max").tag("pool", "teesql-write").gauge().value())
				.isEqualTo(10.0);
			Timer acquire = meters.get("hikaricp.connections.acquire").tag("pool", "teesql-write").timer();
			long acquiredBefore = acquire.count();
			assertThat(acquiredBefore).isPositive();

			context.getBean(DevManifestCluster.class).failover();
			insertOnceTheNewLeaderIsUsed(jdbc, 2);
			assertThat(names(db)).containsExactly("teesql-write");
			assertThat(((HealthIndicator) db.getContributor("teesql-write")).health().getStatus()).isEqualTo(Status.UP);
			// The same series, fed by the new leader's pool.
			assertThat(meters.get("hikaricp.connections.acquire").tag("pool", "teesql-write").timer().count())
				.isGreaterThan(acquiredBefore);
			assertThat(meters.find("hikaricp.connections.max").gauges()).hasSize(1);
			assertThat(jdbc.queryForList("SELECT id FROM visible_writes ORDER BY id", Integer.class))
				.containsExactly(1, 2);
		});
	}

	private static List<String> names(HealthContributors contributors) {
		return contributors.stream().map(HealthContributors.Entry::name).toList();
	}

	private static void insertOnceTheNewLeaderIsUsed(JdbcTemplate jdbc, int id) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			try {
				jdbc.update("INSERT INTO visible_writes VALUES (?)", id);
				return;
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				// The fenced leader's connections fail until the manifest is re-read; then the next one succeeds.
				Thread.sleep(100);
			}
		}
	}

}
