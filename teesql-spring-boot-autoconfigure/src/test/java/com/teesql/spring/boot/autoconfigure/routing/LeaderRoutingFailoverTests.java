package com.teesql.spring.boot.autoconfigure.routing;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.DevNode;
import com.teesql.jdbc.routing.TransactionOutcomeUnknownException;
import com.teesql.spring.boot.autoconfigure.actuate.TeeSqlMetricsAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.support.LeaderChangeEvents;
import com.teesql.spring.boot.autoconfigure.support.RunningManifestCluster;
import com.teesql.testsupport.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The leader-following DataSource on a real three-node dev cluster whose leader is published as a signed DNS
 * manifest: writers keep writing through {@link JdbcTemplate} while the cluster fails over.
 */
class LeaderRoutingFailoverTests {

	@RegisterExtension
	static final RunningManifestCluster manifest = new RunningManifestCluster(3, "routing.teesql.test");

	private ApplicationContextRunner runner() {
		return manifest.jdbcRunner()
			.withConfiguration(
					AutoConfigurations.of(TeeSqlMetricsAutoConfiguration.class, MetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(LeaderChangeEvents.class, LeaderChangeEvents::new)
			.withPropertyValues("teesql.read-only.enabled=true", "spring.datasource.hikari.maximum-pool-size=4",
					"spring.datasource.hikari.connection-timeout=3000");
	}

	@Test
	void writesFollowTheLeaderAcrossAFailoverWithNothingLost() {
		runner().run((context) -> {
			// Bound by Boot through the MeterBinder as the context started: present, at zero, before any failover.
			assertThat(context.getBean("teesqlManifestMetrics")).isInstanceOf(MeterBinder.class);
			assertThat(context.getBean(MeterRegistry.class).get("teesql.leader.changes").counter().count()).isZero();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("teesql_readwrite");
			TransactionTemplate readOnly = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			readOnly.setReadOnly(true);
			String readRole = readOnly.execute((status) -> jdbc.queryForObject("SELECT current_user", String.class));
			assertThat(readRole).isEqualTo("teesql_read");
			jdbc.execute("CREATE TABLE IF NOT EXISTS failover_writes (id bigint PRIMARY KEY)");

			Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			AtomicLong ids = new AtomicLong();
			AtomicBoolean failedOver = new AtomicBoolean();
			AtomicInteger writesAfterFailover = new AtomicInteger();
			int writers = 4;
			ExecutorService pool = Executors.newFixedThreadPool(writers);
			CountDownLatch done = new CountDownLatch(writers);
			long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
			for (int w = 0; w < writers; w++) {
				pool.execute(() -> {
					try {
						while (System.nanoTime() < deadline && writesAfterFailover.get() < 40) {
							long id = ids.incrementAndGet();
							try {
								jdbc.update("INSERT INTO failover_writes (id) VALUES (?)", id);
								acknowledged.add(id);
								if (failedOver.get()) {
									writesAfterFailover.incrementAndGet();
								}
							}
							catch (RuntimeException ex) {
								failures.add(ex);
								Thread.sleep(100); // a writer's back-off while the leader changes, not a wait
							}
						}
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					finally {
						done.countDown();
					}
				});
			}
			// A transaction left open across the failover: its commit cannot know whether the old leader committed.
			java.sql.Connection inFlight = context.getBean(DataSource.class).getConnection();
			inFlight.setAutoCommit(false);
			try (var statement = inFlight.prepareStatement("INSERT INTO failover_writes (id) VALUES (-1)")) {
				statement.executeUpdate();
			}
			Await.until("writes on the first leader", () -> acknowledged.size() >= 40);
			DevNode former = cluster().group().leader();
			DevNode leader = cluster().failover();
			failedOver.set(true);
			assertThatExceptionOfType(TransactionOutcomeUnknownException.class).isThrownBy(inFlight::commit)
				.withMessageContaining("outcome is unknown")
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08007"));
			inFlight.close();
			assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
			pool.shutdownNow();

			assertThat(writesAfterFailover.get()).as("writes resumed on the new leader without a restart")
				.isGreaterThanOrEqualTo(40);
			assertThat(leader.instanceId()).isNotEqualTo(former.instanceId());
			List<Long> stored = jdbc.queryForList("SELECT id FROM failover_writes", Long.class);
			assertThat(stored).as("every acknowledged write is on the new leader, once").containsAll(acknowledged);
			assertThat(stored).doesNotHaveDuplicates().doesNotContain(-1L);
			assertThat(jdbc.queryForObject("SELECT pg_is_in_recovery()", Boolean.class)).isFalse();
			assertThat(context.getBean(LeaderChangeEvents.class).events()).hasSize(1)
				.first()
				.satisfies((event) -> assertThat(event.getCurrent().epoch()).isGreaterThan(event.getPrevious().epoch()));
			String readRoleAfter = readOnly.execute((status) -> jdbc.queryForObject("SELECT current_user", String.class));
			assertThat(readRoleAfter).isEqualTo("teesql_read");
			assertThat(context.getBean(DataSource.class).isWrapperFor(TeeSqlRoutingDataSource.class)).isTrue();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("teesql.leader.changes").counter().count()).isEqualTo(1.0);
			assertThat(meters.get("teesql.manifest.epoch").gauge().value())
				.isEqualTo((double) cluster().group().epoch());
			assertThat(meters.get("teesql.manifest.age").gauge().value()).isBetween(0.0, 60.0);
		});
	}

	private static DevManifestCluster cluster() {
		return manifest.cluster();
	}

}
