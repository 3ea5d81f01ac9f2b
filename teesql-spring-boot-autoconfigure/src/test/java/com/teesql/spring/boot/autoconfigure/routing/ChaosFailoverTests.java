package com.teesql.spring.boot.autoconfigure.routing;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.teesql.devcluster.DevClusterGroup;
import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.DevNode;
import com.teesql.devcluster.FencedSidecar;
import com.teesql.devcluster.NodeRole;
import com.teesql.jdbc.routing.LeaderPools;
import com.teesql.spring.boot.autoconfigure.support.LeaderChangeEvents;
import com.teesql.spring.boot.autoconfigure.support.RunningManifestCluster;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chaos on a real three-node dev cluster whose fenced leaders rejoin as standbys: writers keep inserting unique ids
 * through {@link JdbcTemplate} (autocommit) while the cluster fails over again and again. Every acknowledged write
 * must be on the final leader exactly once, no fenced sidecar may take a connection after fencing, and the pools
 * must end with nothing borrowed and one pool per role. {@code -Dteesql.chaos.failovers} (default 5) and
 * {@code -Dteesql.chaos.writers} (default 8) make a longer local run.
 */
class ChaosFailoverTests {

	private static final Logger logger = LoggerFactory.getLogger(ChaosFailoverTests.class);

	private static final String DOMAIN = "chaos.teesql.test";

	private static final int FAILOVERS = Integer.getInteger("teesql.chaos.failovers", 5);

	private static final int WRITERS = Integer.getInteger("teesql.chaos.writers", 8);

	/** Writes the new leader must acknowledge before the next failover, so every leader really takes writes. */
	private static final int WRITES_PER_LEADER = 20;

	private static final Duration FAILOVER_SPACING = Duration.ofSeconds(2);

	private static final Duration PROGRESS_WAIT = Duration.ofSeconds(45);

	@RegisterExtension
	static final RunningManifestCluster manifest = new RunningManifestCluster(3, DOMAIN, true);

	@Test
	void everyAcknowledgedWriteSurvivesConsecutiveFailoversWithRejoinedNodes() {
		runner().run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("CREATE TABLE chaos_writes (id bigint PRIMARY KEY, writer int NOT NULL)");
			Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			AtomicLong ids = new AtomicLong();
			AtomicBoolean stopWriting = new AtomicBoolean();
			ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
			for (int w = 0; w < WRITERS; w++) {
				int writer = w;
				writers.execute(() -> write(jdbc, writer, ids, acknowledged, failures, stopWriting));
			}
			DevClusterGroup group = cluster().group();
			List<Integer> fencedPorts = new ArrayList<>();
			try {
				awaitTrue(() -> acknowledged.size() >= WRITES_PER_LEADER, "writes on the first leader");
				for (int round = 1; round <= FAILOVERS; round++) {
					// Creates the condition: each leader serves for a while, as between a real cluster's failovers.
					Thread.sleep(FAILOVER_SPACING.toMillis());
					DevNode former = group.leader();
					fencedPorts.add(former.sidecarPort());
					DevNode leader = cluster().failover();
					logger.info("Chaos round {}: node {} -> node {}, {} writes acknowledged", round,
							former.index(), leader.index(), acknowledged.size());
					assertThat(former.role()).as("the fenced leader rejoined").isEqualTo(NodeRole.STANDBY);
					int before = acknowledged.size();
					awaitTrue(() -> acknowledged.size() >= before + WRITES_PER_LEADER,
							"writes on the leader of epoch " + group.epoch());
				}
			}
			finally {
				stopWriting.set(true);
				writers.shutdown();
				assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).as("writers stopped").isTrue();
			}
			logger.info("{} writes acknowledged, {} failed (outcome unknown or refused)", acknowledged.size(),
					failures.size());

			assertThat(group.epoch()).isEqualTo(1L + FAILOVERS);
			DevNode leader = group.leader();
			assertThat(group.nodes()).filteredOn((node) -> node.role() == NodeRole.LEADER).containsExactly(leader);
			for (DevNode node : group.nodes()) {
				if (node != leader) {
					assertThat(node.role()).isEqualTo(NodeRole.STANDBY);
					assertThat(node.postgres().upstreamPort()).hasValue(leader.postgres().server().port());
				}
			}
			assertThat(jdbc.queryForObject("SELECT pg_is_in_recovery()", Boolean.class)).isFalse();
			List<Long> stored = jdbc.queryForList("SELECT id FROM chaos_writes", Long.class);
			assertThat(stored).as("no write stored twice").doesNotHaveDuplicates();
			assertThat(stored).as("every acknowledged write is on the final leader").containsAll(acknowledged);

			List<FencedSidecar> fenced = group.nodes()
				.stream()
				.flatMap((node) -> node.fencedSidecars().stream())
				.toList();
			assertThat(fenced).hasSize(FAILOVERS);
			assertThat(fenced).extracting(FencedSidecar::port).containsExactlyInAnyOrderElementsOf(fencedPorts);
			for (FencedSidecar sidecar : fenced) {
				assertThat(sidecar.liveSessions()).as("sessions of %s", sidecar).isZero();
				assertThat(sidecar.stats()).as("nothing accepted by %s after fencing", sidecar)
					.isEqualTo(sidecar.statsAtFencing());
				assertRefused(sidecar.port());
			}

			LeaderPools pools = context.getBean(LeaderPools.class);
			awaitTrue(() -> pools.targets().values().stream().allMatch((pool) -> activeConnections(pool) == 0),
					"borrowed connections returned");
			TransactionTemplate readOnly = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			readOnly.setReadOnly(true);
			Long readableRows = readOnly
				.execute((status) -> jdbc.queryForObject("SELECT count(*) FROM chaos_writes", Long.class));
			assertThat(readableRows).isEqualTo((long) stored.size());
			Map<Object, Object> targets = pools.targets();
			assertThat(targets.keySet()).as("one live pool per role, all on the final leader")
				.containsExactlyInAnyOrder(new LeaderPools.PoolKey(leader.url(), group.epoch(), false),
						new LeaderPools.PoolKey(leader.url(), group.epoch(), true));
			assertThat(targets.values()).allMatch((pool) -> activeConnections(pool) == 0);
			// A retired pool is closed once its borrowed connections come back, and at the latest after
			// LeaderPools.MAX_DRAIN; pools close one after another on the drainer thread, so allow the whole bound.
			awaitTrue(() -> retiredPoolThreads(group.epoch()).isEmpty(),
					() -> "retired pools closed (still running: " + retiredPoolThreads(group.epoch()) + ")",
					LeaderPools.MAX_DRAIN.plus(PROGRESS_WAIT));
			assertThat(context.getBean(LeaderChangeEvents.class).events()).last()
				.satisfies((event) -> assertThat(event.getCurrent().epoch()).isEqualTo(group.epoch()));
		});
	}

	private static void write(JdbcTemplate jdbc, int writer, AtomicLong ids, Set<Long> acknowledged,
			List<Throwable> failures, AtomicBoolean stop) {
		while (!stop.get()) {
			long id = ids.incrementAndGet();
			try {
				jdbc.update("INSERT INTO chaos_writes (id, writer) VALUES (?, ?)", id, writer);
				acknowledged.add(id);
			}
			catch (RuntimeException ex) {
				failures.add(ex);
				try {
					Thread.sleep(100); // a writer's back-off while the leader changes, not a wait
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private static int activeConnections(Object pool) {
		var bean = ((HikariDataSource) pool).getHikariPoolMXBean();
		return (bean != null) ? bean.getActiveConnections() : 0;
	}

	/** Hikari names its threads after the pool: teesql-write-epoch7 housekeeper, teesql-read-epoch7 ... */
	private static List<String> retiredPoolThreads(long currentEpoch) {
		java.util.regex.Pattern leaderPool = java.util.regex.Pattern.compile("teesql-(?:write|read)-epoch(\\d+)\\b.*");
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> {
				java.util.regex.Matcher matcher = leaderPool.matcher(name);
				return matcher.matches() && Long.parseLong(matcher.group(1)) != currentEpoch;
			})
			.toList();
	}

	private static void assertRefused(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
			throw new AssertionError("Fenced sidecar port " + port + " accepted a connection");
		}
		catch (ConnectException expected) {
			// Nothing listens there any more.
		}
		catch (java.io.IOException ex) {
			throw new AssertionError("Fenced sidecar port " + port + " failed unexpectedly: " + ex, ex);
		}
	}

	private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
		awaitTrue(condition, () -> what, PROGRESS_WAIT);
	}

	private static void awaitTrue(BooleanSupplier condition, Supplier<String> what, Duration wait)
			throws InterruptedException {
		long deadline = System.nanoTime() + wait.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Timed out after " + wait.toSeconds() + " s waiting for " + what.get());
			}
			Thread.sleep(50);
		}
	}

	private ApplicationContextRunner runner() {
		return manifest.jdbcRunner()
			.withBean(LeaderChangeEvents.class, LeaderChangeEvents::new)
			.withPropertyValues("teesql.read-only.enabled=true", "spring.datasource.hikari.maximum-pool-size=" + WRITERS,
					"spring.datasource.hikari.connection-timeout=3000");
	}

	private static DevManifestCluster cluster() {
		return manifest.cluster();
	}

}
