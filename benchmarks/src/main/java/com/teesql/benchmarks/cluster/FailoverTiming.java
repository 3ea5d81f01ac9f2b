package com.teesql.benchmarks.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.benchmarks.ReportFile;
import com.teesql.devcluster.DevClusterGroup;
import com.teesql.devcluster.DevClusterGroupOptions;
import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.LeaderAnnouncement;
import com.teesql.devcluster.dns.ManifestDnsServer;
import com.teesql.devcluster.dns.ManifestFields;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.manifest.ManifestResolver;
import com.teesql.jdbc.manifest.ManifestVerifier;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import com.teesql.jdbc.routing.AsyncManifestRefresh;
import com.teesql.jdbc.routing.LeaderPools;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.spring.boot.autoconfigure.routing.TeeSqlRoutingDataSource;

/**
 * Failover as an application sees it: one writer inserts continuously through the leader-following routing
 * DataSource (the pieces the Spring Boot auto-configuration wires: {@link ManifestWatcher}, {@link LeaderPools},
 * {@link TeeSqlRoutingDataSource}) while a two-node cluster whose leader is published as a signed DNS manifest fails
 * over. Measured per failover: from the instant the DNS server serves the new manifest (the group's publisher is
 * wrapped to record it) to the first write acknowledged after it. Afterwards every acknowledged write must be on
 * the final leader; the ones that are not are the lost writes.
 * <p>
 * Each repetition also shows where the time went, every figure from the same publication instant: the watcher
 * seeing the new manifest, the new leader's pool being created, its first TLS handshake, its first attested peer
 * (verified or from the verification cache; the PostgreSQL start-up follows), and the first acknowledged write.
 */
final class FailoverTiming {

	private static final String DOMAIN = "bench.teesql.test";

	private static final Duration WRITE_RESUME_LIMIT = Duration.ofSeconds(60);

	private final int failovers;

	private final Duration refreshInterval;

	private final Map<Long, Long> publishedAtNanos = new ConcurrentHashMap<>();

	private final Map<Long, Long> seenAtNanos = new ConcurrentHashMap<>();

	private final Events poolsCreated = new Events();

	private final Events attested = new Events();

	private final Events handshakes = new Events();

	FailoverTiming(int failovers, Duration refreshInterval) {
		this.failovers = failovers;
		this.refreshInterval = refreshInterval;
	}

	/**
	 * Runs this benchmark alone and prints its JSON.
	 * @param args the number of failovers (default 3) and the manifest refresh interval in seconds (default
	 * {@link ManifestWatcher#DEFAULT_INTERVAL})
	 * @throws Exception if the run fails
	 */
	public static void main(String[] args) throws Exception {
		int failovers = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
		Duration interval = (args.length > 1) ? Duration.ofSeconds(Long.parseLong(args[1]))
				: ManifestWatcher.DEFAULT_INTERVAL;
		ObjectNode result = new FailoverTiming(failovers, interval).run();
		result.put("loadAverageAtEnd",
				java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		System.out.println(result.toPrettyString());
		System.exit(0);
	}

	ObjectNode run() throws Exception {
		try (ManifestDnsServer dns = ManifestDnsServer.start(DOMAIN);
				DevClusterGroup group = DevClusterGroup.start(DevClusterGroupOptions.defaults()
					.withNodes(2)
					// The fenced leader rejoins as a standby, so two nodes suffice for every repetition.
					.withAutoRejoin(true)
					.withPublisher((announcement) -> publish(dns, announcement)))) {
			return run(dns, group);
		}
	}

	private void publish(ManifestDnsServer dns, LeaderAnnouncement announcement) {
		dns.publish(new ManifestFields(announcement.cluster(), announcement.epoch(), announcement.leaderInstance(),
				announcement.leaderUrl(), Instant.now().plus(DevManifestCluster.MANIFEST_VALIDITY).getEpochSecond()));
		// From here on the DNS server answers with the new manifest.
		this.publishedAtNanos.put(announcement.epoch(), System.nanoTime());
	}

	private ObjectNode run(ManifestDnsServer dns, DevClusterGroup group) throws Exception {
		ManifestResolver resolver = ManifestResolver
			.builder(ManifestVerifier.builder(dns.signerAddress()).expectedCluster(group.clusterAddress()).build())
			.resolvers(List.of(dns.address()))
			.timeout(Duration.ofSeconds(2))
			.build();
		TeeSqlDsn dsn = TeeSqlDsn.parse(group.dsn(ClusterRoles.READ_WRITE));
		QuoteVerifier quoteVerifier = group.quoteVerifier();
		try (ManifestWatcher watcher = ManifestWatcher.start(resolver, DOMAIN, this.refreshInterval);
				AsyncManifestRefresh refresh = new AsyncManifestRefresh(watcher);
				LeaderPools pools = new LeaderPools(new LeaderPools.PoolSettings(dsn, group.readSecret(), List.of(),
						RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
							.dstackEndpoint(group.guestAgentEndpoint())
							.policy(AttestationPolicy.builder().allowedAppIds(List.of(group.appId())).build())
							.build(),
						(config) -> RaTlsConnector.builder(config)
							.quoteVerifier(quoteVerifier)
							.observer(new ConnectionEvents(this.handshakes, this.attested))
							.unreachableListener(refresh::request),
						(pool) -> {
							this.poolsCreated.record();
							pool.setMaximumPoolSize(2);
							pool.setConnectionTimeout(3_000);
							return pool;
						}), refresh)) {
			TeeSqlRoutingDataSource routing = new TeeSqlRoutingDataSource(watcher, pools, false);
			routing.afterPropertiesSet();
			watcher.addListener((previous, current) -> {
				this.seenAtNanos.putIfAbsent(current.epoch(), System.nanoTime());
				pools.retireAllBut(current);
				routing.refreshTargets();
			});
			try (Connection connection = routing.getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE failover_writes (id bigint PRIMARY KEY, server_port int NOT NULL)");
			}
			return measure(group, routing);
		}
	}

	private ObjectNode measure(DevClusterGroup group, DataSource routing) throws Exception {
		Writer writer = new Writer(routing);
		Thread thread = new Thread(writer, "bench-failover-writer");
		thread.start();
		ArrayNode repetitions = JsonNodeFactory.instance.arrayNode();
		double[] resumeMillis = new double[this.failovers];
		try {
			writer.awaitWritesAfter(System.nanoTime(), WRITE_RESUME_LIMIT);
			for (int i = 0; i < this.failovers; i++) {
				Thread.sleep(1_500);
				int formerPort = writer.lastPort();
				long failoverStart = System.nanoTime();
				group.failover();
				long failoverReturned = System.nanoTime();
				Long published = this.publishedAtNanos.get(group.epoch());
				if (published == null) {
					throw new IllegalStateException("Epoch " + group.epoch() + " was never published");
				}
				Writer.Ack first = writer.awaitWritesAfter(published, WRITE_RESUME_LIMIT);
				if (first.port() == formerPort) {
					throw new IllegalStateException("A write after the failover was acknowledged by the former "
							+ "leader's PostgreSQL (port " + formerPort + ")");
				}
				resumeMillis[i] = (first.atNanos() - published) / 1e6;
				ObjectNode repetition = repetitions.addObject();
				repetition.put("epoch", group.epoch());
				repetition.put("publishToFirstWriteMillis", resumeMillis[i]);
				Long seen = this.seenAtNanos.get(group.epoch());
				repetition.put("publishToManifestSeenMillis", (seen != null) ? (seen - published) / 1e6 : -1);
				repetition.put("publishToPoolCreatedMillis", this.poolsCreated.millisToFirstAfter(published));
				repetition.put("publishToFirstHandshakeMillis", this.handshakes.millisToFirstAfter(published));
				repetition.put("publishToFirstAttestedMillis", this.attested.millisToFirstAfter(published));
				repetition.put("failoverStartToPublishMillis", (published - failoverStart) / 1e6);
				// failover() returns after the fenced node has rejoined as a standby, which writes do not wait for.
				repetition.put("failoverCallMillis", (failoverReturned - failoverStart) / 1e6);
			}
			Thread.sleep(500);
		}
		finally {
			writer.stop();
			thread.join(30_000);
		}
		Set<Long> stored = new HashSet<>();
		try (Connection connection = routing.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id FROM failover_writes")) {
			while (rows.next()) {
				stored.add(rows.getLong(1));
			}
		}
		Set<Long> lost = new HashSet<>(writer.acknowledged());
		lost.removeAll(stored);
		Samples resume = Samples.ofMicros(resumeMillis);
		ObjectNode result = JsonNodeFactory.instance.objectNode();
		result.put("nodes", 2);
		result.put("failovers", this.failovers);
		result.put("manifestRefreshIntervalMillis", this.refreshInterval.toMillis());
		result.put("publishToFirstWriteMedianMillis", resume.median());
		result.put("publishToFirstWriteMaxMillis", resume.max());
		result.put("writesAcknowledged", writer.acknowledged().size());
		result.put("writesFailed", writer.failures());
		result.put("writesLost", lost.size());
		// The goal holds with the default refresh interval: a short one would let the regular refresh do the work.
		boolean defaultInterval = this.refreshInterval.equals(ManifestWatcher.DEFAULT_INTERVAL);
		ObjectNode goal = ReportFile.goal("failover: new manifest served -> first acknowledged write, median ms",
				"median <= 1000 ms, max <= 1500 ms, 0 lost", resume.median(),
				resume.median() <= 1000 && resume.max() <= 1500 && lost.isEmpty() && defaultInterval);
		goal.put("measuredMaxMillis", resume.max());
		goal.put("writesLost", lost.size());
		if (!defaultInterval) {
			goal.put("note", "not assessed: measured with a manifest refresh interval of "
					+ this.refreshInterval.toMillis() + " ms, the goal is for the default ("
					+ ManifestWatcher.DEFAULT_INTERVAL.toMillis() + " ms)");
		}
		result.putObject("goals").set("failover", goal);
		result.set("repetitions", repetitions);
		if (!lost.isEmpty()) {
			throw new IllegalStateException(lost.size() + " acknowledged writes are missing from the final leader: "
					+ result);
		}
		return result;
	}

	/**
	 * Instants at which something happened, to find the first one after a publication.
	 */
	private static final class Events {

		private final List<Long> nanos = new CopyOnWriteArrayList<>();

		void record() {
			this.nanos.add(System.nanoTime());
		}

		/** Milliseconds from {@code start} to the first event after it, -1 if there was none. */
		double millisToFirstAfter(long start) {
			return this.nanos.stream().filter((at) -> at >= start).findFirst().map((at) -> (at - start) / 1e6)
				.orElse(-1.0);
		}

	}

	/**
	 * Records every TLS handshake that succeeded and every attested peer: a quote verified or a certificate found in
	 * the verification cache.
	 */
	private record ConnectionEvents(Events handshakes, Events attested) implements RaTlsConnectionObserver {

		@Override
		public void handshake(Duration duration, String outcome) {
			if (SUCCESS.equals(outcome)) {
				this.handshakes.record();
			}
		}

		@Override
		public void verification(String verifierName, Duration duration, String outcome) {
			if (ACCEPTED.equals(outcome)) {
				this.attested.record();
			}
		}

		@Override
		public void cacheHit() {
			this.attested.record();
		}

	}

	/**
	 * Inserts one row after the other, recording each acknowledged id, its time and the PostgreSQL that took it.
	 */
	private static final class Writer implements Runnable {

		private final DataSource dataSource;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong ids = new AtomicLong();

		private final AtomicLong failures = new AtomicLong();

		private final List<Ack> acks = new CopyOnWriteArrayList<>();

		Writer(DataSource dataSource) {
			this.dataSource = dataSource;
		}

		@Override
		public void run() {
			while (this.running.get()) {
				long id = this.ids.incrementAndGet();
				try (Connection connection = this.dataSource.getConnection();
						PreparedStatement insert = connection.prepareStatement(
								"INSERT INTO failover_writes (id, server_port) VALUES (?, inet_server_port()) "
										+ "RETURNING server_port")) {
					insert.setLong(1, id);
					try (ResultSet rows = insert.executeQuery()) {
						rows.next();
						this.acks.add(new Ack(id, System.nanoTime(), rows.getInt(1)));
					}
				}
				catch (SQLException | RuntimeException ex) {
					// Not acknowledged, so not counted as lost whatever its outcome; retried with a new id.
					this.failures.incrementAndGet();
					pause(20);
				}
			}
		}

		Ack awaitWritesAfter(long nanos, Duration limit) throws InterruptedException {
			long deadline = System.nanoTime() + limit.toNanos();
			while (System.nanoTime() < deadline) {
				for (int i = this.acks.size() - 1; i >= 0; i--) {
					Ack ack = this.acks.get(i);
					if (ack.atNanos() <= nanos) {
						break;
					}
					if (i == 0 || this.acks.get(i - 1).atNanos() <= nanos) {
						return ack;
					}
				}
				Thread.sleep(2);
			}
			throw new IllegalStateException("No write was acknowledged within " + limit + " (" + this.failures.get()
					+ " failed attempts)");
		}

		int lastPort() {
			return this.acks.get(this.acks.size() - 1).port();
		}

		List<Long> acknowledged() {
			return this.acks.stream().map(Ack::id).toList();
		}

		long failures() {
			return this.failures.get();
		}

		void stop() {
			this.running.set(false);
		}

		private static void pause(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		record Ack(long id, long atNanos, int port) {
		}

	}

}
