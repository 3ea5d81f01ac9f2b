package com.teesql.spring.boot.autoconfigure.devcluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.DevManifestCluster;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectorRegistration;
import com.teesql.spring.boot.autoconfigure.routing.TeeSqlRoutingDataSource;
import com.teesql.spring.boot.autoconfigure.support.LeaderChangeEvents;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code teesql.dev-cluster.nodes=3}: a replicated dev cluster with its signed DNS manifest, and the starter in leader
 * mode against it, from auto-configuration alone. Writes made before and after a failover (triggered through the
 * documented bean method and through the actuator endpoint) reach the leader of the moment.
 */
class TeeSqlReplicatedDevClusterTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TeeSqlDevClusterAutoConfiguration.class,
				TeeSqlDevClusterEndpointAutoConfiguration.class, TeeSqlAutoConfiguration.class,
				DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				EndpointAutoConfiguration.class))
		.withBean(LeaderChangeEvents.class, LeaderChangeEvents::new)
		.withPropertyValues("teesql.dev-cluster.enabled=true", "teesql.dev-cluster.nodes=3",
				"teesql.manifest.refresh-interval=1s", "spring.datasource.hikari.connection-timeout=5000",
				"management.endpoints.web.exposure.include=teesqldevcluster");

	@Test
	void writesReachTheLeaderBeforeAndAfterFailovers() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(DevManifestCluster.class)
				.doesNotHaveBean(DevCluster.class)
				.hasSingleBean(ManifestWatcher.class)
				.doesNotHaveBean(TeeSqlConnectorRegistration.class);
			DevManifestCluster cluster = context.getBean(DevManifestCluster.class);
			assertThat(cluster.group().nodes()).hasSize(3);
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource.isWrapperFor(TeeSqlRoutingDataSource.class)).isTrue();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("CREATE TABLE dev_writes (id int PRIMARY KEY, leader text)");
			String first = cluster.group().leader().instanceId();
			jdbc.update("INSERT INTO dev_writes VALUES (1, ?)", first);
			assertThat(spliced(cluster)).isPositive();

			String second = cluster.failover().instanceId();
			assertThat(second).isNotEqualTo(first);
			writeOnceTheLeaderIsFollowed(jdbc, 2, second);

			TeeSqlDevClusterEndpoint endpoint = context.getBean(TeeSqlDevClusterEndpoint.class);
			TeeSqlDevClusterEndpoint.ClusterDescriptor after = endpoint.failover();
			String third = cluster.group().leader().instanceId();
			assertThat(third).isNotEqualTo(second);
			assertThat(after.epoch()).isEqualTo(cluster.group().epoch());
			assertThat(after.nodes()).hasSize(3)
				.filteredOn((node) -> node.index() == after.leader())
				.singleElement()
				.satisfies((node) -> assertThat(node.role()).isEqualTo("leader"));
			writeOnceTheLeaderIsFollowed(jdbc, 3, third);

			// Streaming replication carried every earlier write to each new leader.
			assertThat(jdbc.queryForList("SELECT leader FROM dev_writes ORDER BY id", String.class))
				.containsExactly(first, second, third);
			assertThat(jdbc.queryForObject("SELECT pg_is_in_recovery()", Boolean.class)).isFalse();
			assertThat(context.getBean(LeaderChangeEvents.class).events()).hasSize(2);
		});
	}

	@Test
	void oneNodeByDefaultIsASingleDevClusterWithAFixedTarget() {
		this.runner.withPropertyValues("teesql.dev-cluster.nodes=1").run((context) -> {
			assertThat(context).hasSingleBean(DevCluster.class)
				.doesNotHaveBean(DevManifestCluster.class)
				.doesNotHaveBean(ManifestWatcher.class)
				.doesNotHaveBean(TeeSqlDevClusterEndpoint.class)
				.hasSingleBean(TeeSqlConnectorRegistration.class);
		});
	}

	@Test
	void zeroNodesIsRefusedNamingTheProperty() {
		this.runner.withPropertyValues("teesql.dev-cluster.nodes=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("teesql.dev-cluster.nodes must be at least 1, not 0"));
	}

	// The first write after a failover may meet the fenced leader before the manifest refresh: pgjdbc reports it and
	// the next statement goes to the new leader. Retried until then, with a deadline.
	private static void writeOnceTheLeaderIsFollowed(JdbcTemplate jdbc, int id, String leader)
			throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		List<RuntimeException> failures = new ArrayList<>();
		while (true) {
			try {
				jdbc.update("INSERT INTO dev_writes VALUES (?, ?)", id, leader);
				return;
			}
			catch (RuntimeException ex) {
				failures.add(ex);
				if (System.nanoTime() > deadline) {
					throw new AssertionError("write " + id + " never reached the new leader: " + failures, ex);
				}
				Thread.sleep(100);
			}
		}
	}

	private static long spliced(DevManifestCluster cluster) {
		return cluster.group().leader().sidecarStats().sessionsSpliced();
	}

}
