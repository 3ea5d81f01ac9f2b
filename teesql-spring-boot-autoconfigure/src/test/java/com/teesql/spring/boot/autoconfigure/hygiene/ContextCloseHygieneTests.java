package com.teesql.spring.boot.autoconfigure.hygiene;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.DevNode;
import com.teesql.jdbc.tls.ConnectorRegistry;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.support.RunningManifestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing outlives an application context: after several start/query/close cycles, in static mode and in
 * leader-routing (manifest) mode, no TeeSQL or Hikari thread, no registered connector, no sidecar session and no
 * temporary file of ours is left.
 */
class ContextCloseHygieneTests {

	private static final String DOMAIN = "hygiene.teesql.test";

	/** One scheduler shared by every connector of the JVM (daemon), not per context. */
	private static final String SHARED_DEADLINE_THREAD = "teesql-handshake-deadline";

	/** Likewise shared: renews client certificates; closed connectors cancel their renewals. */
	private static final String SHARED_RENEWAL_THREAD = "teesql-client-certificate-refresh";

	private static final int CYCLES = 3;

	@RegisterExtension
	static final RunningManifestCluster manifest = new RunningManifestCluster(1, DOMAIN);

	@Test
	void closingContextsLeavesNothingBehind() throws Exception {
		Set<Thread> threadsBefore = ourThreads();
		Set<String> connectorsBefore = Set.copyOf(ConnectorRegistry.names());
		Set<String> tempBefore = tempEntries();
		DevNode node = cluster().group().leader();
		long splicedBefore = node.sidecarStats().sessionsSpliced();
		for (int i = 0; i < CYCLES; i++) {
			staticRunner().run((context) -> {
				assertThat(context).hasNotFailed();
				queryTwoConnections(context.getBean(DataSource.class));
				assertThat(ConnectorRegistry.names()).hasSizeGreaterThan(connectorsBefore.size());
			});
			manifestRunner().run((context) -> {
				assertThat(context).hasNotFailed();
				queryTwoConnections(context.getBean(DataSource.class));
			});
		}
		// Both modes really connected in every cycle.
		assertThat(node.sidecarStats().sessionsSpliced()).isGreaterThanOrEqualTo(splicedBefore + 2L * CYCLES);

		awaitTrue(() -> node.liveSessions() == 0);
		assertThat(node.liveSessions()).isZero();
		assertThat(ConnectorRegistry.names()).containsExactlyInAnyOrderElementsOf(connectorsBefore);
		awaitTrue(() -> lingering(threadsBefore).isEmpty());
		assertThat(lingering(threadsBefore)).isEmpty();
		Set<String> tempAfter = tempEntries();
		tempAfter.removeAll(tempBefore);
		assertThat(tempAfter).as("temporary files of ours").isEmpty();
	}

	private static void queryTwoConnections(DataSource dataSource) throws Exception {
		try (var first = dataSource.getConnection(); var second = dataSource.getConnection()) {
			assertThat(ContextOutageTests.currentUser(first)).isEqualTo("teesql_readwrite");
			assertThat(ContextOutageTests.currentUser(second)).isEqualTo("teesql_readwrite");
		}
	}

	private static ApplicationContextRunner staticRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withBean(TeeSqlConnectionDetails.class, manifest::connectionDetails)
			.withPropertyValues("spring.datasource.hikari.maximum-pool-size=2");
	}

	private static ApplicationContextRunner manifestRunner() {
		return staticRunner().withPropertyValues(manifest.manifestProperties())
			.withPropertyValues("teesql.manifest.refresh-interval=1s");
	}

	/**
	 * Threads our stack starts: {@code teesql-*} (manifest watcher, refresh, pool drainer, checks) and Hikari's
	 * (housekeeper, connection adder/closer; pools are named {@code HikariPool-n} or {@code teesql-write-epoch...}).
	 */
	private static Set<Thread> ourThreads() {
		Set<Thread> threads = new HashSet<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			String name = thread.getName();
			String lower = name.toLowerCase(Locale.ROOT);
			// The dev sidecar's session threads are the server's (idle pool threads); its liveSessions() covers it.
			if (thread.isAlive() && !name.startsWith("teesql-sidecar-") && (name.startsWith("teesql-") || lower.contains("hikari")
					|| lower.contains("housekeeper") || lower.contains("connection adder")
					|| lower.contains("connection closer"))) {
				threads.add(thread);
			}
		}
		return threads;
	}

	private static List<String> lingering(Set<Thread> before) {
		List<Thread> after = ourThreads().stream().filter((thread) -> !before.contains(thread)).toList();
		// The shared handshake-deadline scheduler may have been started by this test: at most one, ever.
		long deadlineThreads = after.stream().filter((t) -> t.getName().equals(SHARED_DEADLINE_THREAD)).count()
				+ before.stream().filter((t) -> t.getName().equals(SHARED_DEADLINE_THREAD)).count();
		assertThat(deadlineThreads).as("shared " + SHARED_DEADLINE_THREAD + " threads").isLessThanOrEqualTo(1);
		long renewalThreads = after.stream().filter((t) -> t.getName().equals(SHARED_RENEWAL_THREAD)).count()
				+ before.stream().filter((t) -> t.getName().equals(SHARED_RENEWAL_THREAD)).count();
		assertThat(renewalThreads).as("shared " + SHARED_RENEWAL_THREAD + " threads").isLessThanOrEqualTo(1);
		return after.stream()
			.map(Thread::getName)
			.filter((name) -> !name.equals(SHARED_DEADLINE_THREAD) && !name.equals(SHARED_RENEWAL_THREAD))
			.toList();
	}

	/**
	 * Entries of {@code java.io.tmpdir} whose names could come from our client stack (not the dev cluster's
	 * server-side {@code teesql-dev-*} files). The directory is shared with
	 * other processes building in parallel, so a plain before/after difference would be flaky; our main code creates
	 * no temporary files at all, so any such entry is a regression.
	 */
	private static Set<String> tempEntries() throws IOException {
		Set<String> names = new HashSet<>();
		try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			entries.map((path) -> path.getFileName().toString())
				.filter((name) -> {
					String lower = name.toLowerCase(Locale.ROOT);
					// teesql-dev-* belong to dev clusters (server side), also those of other builds running now.
					if (lower.startsWith("teesql-dev-")) {
						return false;
					}
					return lower.contains("teesql") || lower.contains("dstack") || lower.contains("ratls")
							|| lower.contains("ra-tls") || lower.contains("pgjdbc") || lower.contains("hikari")
							|| lower.contains("collateral") || lower.contains("manifest") || lower.contains("quote")
							|| lower.contains("postgresql");
				})
				.forEach(names::add);
		}
		return names;
	}

	private static void awaitTrue(java.util.function.BooleanSupplier condition)
			throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
	}

	private static DevManifestCluster cluster() {
		return manifest.cluster();
	}

}
