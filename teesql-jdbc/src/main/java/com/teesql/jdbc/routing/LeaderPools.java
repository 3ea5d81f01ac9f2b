package com.teesql.jdbc.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.sql.DataSource;

import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.manifest.InvalidLeaderUrlException;
import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.LeaderTarget;
import com.teesql.jdbc.tls.ConnectorRegistry;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.jdbc.tls.TeeSqlJdbcUrls;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Hikari pool per (leader, role), created on first use, each connecting through its own registered RA-TLS
 * connector bound to that leader. Pools of a former leader are drained — idle connections closed at once, busy ones
 * when returned — then closed; from the moment they are retired they hand out no connection, and borrowers waiting
 * in them are woken with a {@link LeaderRetiredException} (see {@link RetirableDataSource}).
 *
 * @author teesql-spring-boot
 */
public final class LeaderPools implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LeaderPools.class);

	private static final AtomicInteger instances = new AtomicInteger();

	/** Longest a retired pool waits for borrowed connections before it is closed anyway. */
	public static final Duration MAX_DRAIN = Duration.ofMinutes(5);

	private static final String EPOCH_SUFFIX = "-epoch";

	/** When a retired pool is checked once more for a start that raced its close. */
	private static final Duration LATE_START_CHECK = Duration.ofSeconds(5);

	private final String namePrefix = "leader-" + instances.incrementAndGet();

	private final AtomicInteger poolCount = new AtomicInteger();

	private final AtomicInteger readRotation = new AtomicInteger();

	private final ConcurrentMap<PoolKey, Pool> pools = new ConcurrentHashMap<>();

	/** Retired pools still draining: closing the pools must close them too, not leave them to a stopped drainer. */
	private final Set<Pool> draining = ConcurrentHashMap.newKeySet();

	private final PoolSettings settings;

	private final ScheduledExecutorService drainer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "teesql-pool-drainer");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Opens a new leader's first write connection in the background (see {@link #retireAllBut}): one thread, so that
	 * warming never competes with the application for more than one handshake at a time.
	 */
	private final ExecutorService warmer = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "teesql-pool-warmer");
		thread.setDaemon(true);
		return thread;
	});

	private final AsyncManifestRefresh refresh;

	private volatile boolean closed;

	/** The manifest of the last {@link #retireAllBut} pass: pools of older epochs must not survive it. */
	private volatile LeaderManifest latest;

	public LeaderPools(PoolSettings settings, AsyncManifestRefresh refresh) {
		this.settings = settings;
		this.refresh = refresh;
	}

	/**
	 * The pool for a leader and role, created on first use.
	 * @param manifest the manifest naming the leader
	 * @param readOnly whether the read-only ({@code teesql_read}) pool is wanted
	 * @return the pool as borrowers see it (it refuses every borrow once retired; {@code unwrap(HikariDataSource.class)}
	 * gives the Hikari pool)
	 */
	public DataSource pool(LeaderManifest manifest, boolean readOnly) {
		if (this.closed) {
			throw new IllegalStateException("TeeSQL leader pools are closed");
		}
		List<LeaderTarget> endpoints = this.settings.readEndpoints();
		if (readOnly && !endpoints.isEmpty()) {
			LeaderTarget endpoint = endpoints.get(Math.floorMod(this.readRotation.getAndIncrement(), endpoints.size()));
			return this.pools.computeIfAbsent(PoolKey.readEndpoint(endpoint), (key) -> createReadEndpoint(endpoint, key))
				.borrowers();
		}
		DataSource pool = this.pools.computeIfAbsent(PoolKey.of(manifest, readOnly), (key) -> create(manifest, key))
			.borrowers();
		retireIfStale(manifest);
		return pool;
	}

	// A caller may still hold a manifest older than the last leader change: a pool it just created for that former
	// leader would otherwise outlive every retirement pass. Run the pass again for it.
	private void retireIfStale(LeaderManifest manifest) {
		LeaderManifest latest = this.latest;
		if (latest != null && manifest.epoch() < latest.epoch()) {
			retireAllBut(latest);
		}
	}

	private Pool create(LeaderManifest manifest, PoolKey key) {
		try {
			RaTlsConnectorConfig template = this.settings.connectorConfig();
			LeaderTarget target = manifest.target();
			// The leader must attest the instance the manifest names.
			RaTlsConnectorConfig config = template.toBuilder(target.host(), target.port())
				.policy(template.policy().forLeader(manifest))
				.build();
			Pool pool = newPool(key, config, slotName(key) + EPOCH_SUFFIX + manifest.epoch());
			logger.info("TeeSQL {} pool for leader {} (epoch {}) created", key.readOnly() ? "read-only" : "read-write",
					manifest.leaderUrl(), manifest.epoch());
			return pool;
		}
		catch (InvalidLeaderUrlException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	// A configured read endpoint (a standby) is attested like any target but is not the manifest's leader, so it is
	// not bound to leader_instance and survives leader changes.
	private Pool createReadEndpoint(LeaderTarget endpoint, PoolKey key) {
		Pool pool = newPool(key, this.settings.connectorConfig().toBuilder(endpoint.host(), endpoint.port()).build(),
				slotName(key));
		logger.info("TeeSQL read-only pool for read endpoint {} created", endpoint);
		return pool;
	}

	private Pool newPool(PoolKey key, RaTlsConnectorConfig config, String poolName) {
		String connectorName = this.namePrefix + "-" + this.poolCount.incrementAndGet();
		RaTlsConnector connector;
		try {
			connector = this.settings.connectors().apply(config).build();
		}
		catch (TeeSqlException ex) {
			// The same settings passed this check at startup; only a changed configuration gets here.
			throw new IllegalStateException(ex.getMessage(), ex);
		}
		ConnectorRegistry.register(connectorName, connector);
		TeeSqlDsn dsn = this.settings.dsn();
		HikariDataSource dataSource = new HikariDataSource();
		this.settings.hikariCustomizer().apply(dataSource);
		dataSource.setJdbcUrl(TeeSqlJdbcUrls.jdbcUrl(dsn, connectorName));
		dataSource.setDriverClassName("org.postgresql.Driver");
		dataSource.setUsername(key.readOnly() ? "teesql_read" : dsn.role());
		dataSource.setPassword(key.readOnly() ? this.settings.readSecret() : dsn.secret().orElseThrow());
		dataSource.setPoolName(poolName);
		return new Pool(key, dataSource, new RetirableDataSource(dataSource, key.toString()), connectorName, connector);
	}

	/**
	 * The connector of a leader's read-write pool, creating the pool (without connecting) on first use: monitoring
	 * attests the very connector that writes go through, so that its verification state is the one reported.
	 * @param manifest the manifest naming the leader
	 * @return the registered connector
	 */
	public RaTlsConnector connector(LeaderManifest manifest) {
		if (this.closed) {
			throw new IllegalStateException("TeeSQL leader pools are closed");
		}
		RaTlsConnector connector = this.pools.computeIfAbsent(PoolKey.of(manifest, false), (key) -> create(manifest, key))
			.connector();
		// Monitoring may ask with the manifest it read before a leader change, like pool() callers.
		retireIfStale(manifest);
		return connector;
	}

	/**
	 * Drain and close every pool that does not belong to the given leader. When this names a new leader (not the
	 * first pass), its write pool is created and its first connection opened (attested, authenticated) in the
	 * background, so that the first write after a failover does not pay the cold handshake.
	 * @param manifest the manifest naming the current leader
	 */
	public synchronized void retireAllBut(LeaderManifest manifest) {
		// Manifests only move forward (the epoch guard); a pass run for a stale caller must not retire newer pools.
		LeaderManifest latest = this.latest;
		LeaderManifest current = (latest != null && latest.epoch() > manifest.epoch()) ? latest : manifest;
		this.latest = current;
		if (latest != null && current.leaderDiffersFrom(latest)) {
			warmUp(current);
		}
		this.pools.values().removeIf((pool) -> {
			if (pool.key().isReadEndpoint()
					|| (pool.key().leaderUrl().equals(current.leaderUrl()) && pool.key().epoch() == current.epoch())) {
				return false;
			}
			retire(pool);
			return true;
		});
	}

	// Only the leader of the newest manifest retireAllBut was given is warmed: the manifest was verified by the watcher
	// (signature, cluster, epoch), and the pool's connector still refuses a server that does not attest its
	// leader_instance. A leader replaced before its turn comes is skipped, and one replaced while warming is cut off
	// like any borrower of a retired pool.
	private void warmUp(LeaderManifest leader) {
		try {
			this.warmer.execute(() -> {
				if (this.closed || this.latest.leaderDiffersFrom(leader)) {
					return;
				}
				Pool pool = this.pools.computeIfAbsent(PoolKey.of(leader, false), (key) -> create(leader, key));
				retireIfStale(leader);
				long started = System.nanoTime();
				try (Connection connection = pool.borrowers().getConnection()) {
					logger.info("TeeSQL pool {} of new leader {} (epoch {}) warmed up in {} ms",
							pool.dataSource().getPoolName(), leader.leaderUrl(), leader.epoch(),
							(System.nanoTime() - started) / 1_000_000);
				}
				catch (SQLException | RuntimeException ex) {
					// The application's own borrows will try again (and report it); nothing is lost but the head start.
					logger.info("Warming up the TeeSQL pool of new leader {} (epoch {}) failed: {}", leader.leaderUrl(),
							leader.epoch(), ex.getMessage());
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// Closed meanwhile.
		}
	}

	private void retire(Pool pool) {
		logger.info("Draining TeeSQL pool {} of former leader {} (epoch {})", pool.dataSource().getPoolName(),
				pool.key().leaderUrl(), pool.key().epoch());
		// First of all: no borrower gets (or keeps waiting for) a connection to the former leader.
		pool.borrowers().retire();
		if (pool.dataSource().getHikariPoolMXBean() != null) {
			pool.dataSource().getHikariPoolMXBean().softEvictConnections();
		}
		this.draining.add(pool);
		long deadline = System.nanoTime() + MAX_DRAIN.toNanos();
		Runnable[] check = new Runnable[1];
		check[0] = () -> {
			var bean = pool.dataSource().getHikariPoolMXBean();
			if (bean == null || bean.getActiveConnections() == 0 || System.nanoTime() > deadline) {
				close(pool);
			}
			else if (!this.drainer.isShutdown()) {
				this.drainer.schedule(check[0], 200, TimeUnit.MILLISECONDS);
			}
		};
		this.drainer.execute(check[0]);
	}

	private void close(Pool pool) {
		pool.borrowers().retire();
		this.draining.remove(pool);
		HikariDataSource dataSource = pool.dataSource();
		// Hikari starts a pool lazily, in the first getConnection(), under the data source's lock and without checking
		// again whether close() ran meanwhile: a first borrower racing the retirement would start a pool nobody closes
		// (its threads leak). Closing under the same lock waits for a start in progress; the late check below shuts a
		// pool started by a borrower that had passed Hikari's closed check just before close().
		synchronized (dataSource) {
			dataSource.close();
		}
		ConnectorRegistry.unregister(pool.connectorName());
		if (!this.drainer.isShutdown()) {
			this.drainer.schedule(() -> shutDownLateStart(dataSource), LATE_START_CHECK.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private static void shutDownLateStart(HikariDataSource dataSource) {
		synchronized (dataSource) {
			if (dataSource.getHikariPoolMXBean() instanceof HikariPool started) {
				try {
					started.shutdown();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	/**
	 * The stable name of the pools serving a routing key, whatever the leader: {@code teesql-write} and
	 * {@code teesql-read} for the leader's pools, {@code teesql-read-<host>-<port>} for a configured read endpoint.
	 * A leader's Hikari pool is named after it with the manifest epoch appended ({@code teesql-write-epoch7}), so
	 * that a draining pool and its successor never share a Hikari pool name; {@link #slotName(String)} maps such a
	 * pool name back.
	 * @param key the routing key
	 * @return the name
	 */
	public static String slotName(PoolKey key) {
		if (key.isReadEndpoint()) {
			return "teesql-read-" + key.leaderUrl().replace(':', '-');
		}
		return key.readOnly() ? "teesql-read" : "teesql-write";
	}

	/**
	 * The stable name of a pool (see {@link #slotName(PoolKey)}): the Hikari pool name without its epoch.
	 * @param poolName a Hikari pool name
	 * @return the stable name
	 */
	public static String slotName(String poolName) {
		int epoch = poolName.lastIndexOf(EPOCH_SUFFIX);
		return (epoch > 0) ? poolName.substring(0, epoch) : poolName;
	}

	/**
	 * The pools serving new connections now, by stable name (see {@link #slotName(PoolKey)}): the current leader's
	 * and the read endpoints'. Draining pools of former leaders are not among them.
	 * @return the pools, created on first use (a pool connects only when a connection is asked for)
	 */
	public Map<String, HikariDataSource> currentPools() {
		Map<String, Pool> current = new TreeMap<>();
		this.pools.values().forEach((pool) -> current.merge(slotName(pool.key()), pool,
				(a, b) -> (a.key().epoch() >= b.key().epoch()) ? a : b));
		Map<String, HikariDataSource> pools = new LinkedHashMap<>();
		current.forEach((name, pool) -> pools.put(name, pool.dataSource()));
		return pools;
	}

	/**
	 * The live pools by routing key, for health reporting.
	 * @return the pools
	 */
	public Map<Object, Object> targets() {
		Map<Object, Object> targets = new LinkedHashMap<>();
		this.pools.forEach((key, pool) -> targets.put(key, pool.dataSource()));
		return targets;
	}

	@Override
	public void close() {
		this.closed = true;
		this.refresh.close();
		// A warm-up in progress is cut off by the retirement of its pool below.
		this.warmer.shutdown();
		// No interrupt: a pool the drainer is closing right now finishes closing (an interrupted Hikari close leaves
		// its threads running), and every pool still draining is closed here.
		this.drainer.shutdown();
		this.draining.forEach(this::close);
		this.pools.values().forEach(this::close);
		this.pools.clear();
	}

	/**
	 * Routing key: a leader (by URL and epoch) and a role.
	 *
	 * @param leaderUrl the leader URL
	 * @param epoch the manifest epoch
	 * @param readOnly whether the read-only role is used
	 */
	public record PoolKey(String leaderUrl, long epoch, boolean readOnly) {

		/** Epoch of pools that are not bound to a leader (configured read endpoints). */
		static final long NO_EPOCH = -1;

		public static PoolKey of(LeaderManifest manifest, boolean readOnly) {
			return new PoolKey(manifest.leaderUrl(), manifest.epoch(), readOnly);
		}

		static PoolKey readEndpoint(LeaderTarget endpoint) {
			return new PoolKey(endpoint.toString(), NO_EPOCH, true);
		}

		boolean isReadEndpoint() {
			return this.epoch == NO_EPOCH;
		}

		@Override
		public String toString() {
			return this.leaderUrl + "#" + this.epoch + (this.readOnly ? "/read" : "/write");
		}

	}

	/**
	 * A pool: Hikari's data source, and the view of it handed to borrowers, which a retirement cuts off.
	 */
	private record Pool(PoolKey key, HikariDataSource dataSource, RetirableDataSource borrowers, String connectorName,
			RaTlsConnector connector) {
	}

	/**
	 * What every pool is built from.
	 *
	 * @param dsn role, secret and database (host and port come from each leader)
	 * @param readSecret the secret for the read-only role
	 * @param readEndpoints sidecars serving read-only transactions instead of the leader (empty: the leader)
	 * @param connectorConfig connector settings for any target (each leader's host and port replace its own)
 * @param connectors adds the live collaborators (quote verifier, observer, listener) to a target's settings
	 * @param hikariCustomizer applies {@code spring.datasource.hikari.*} to a new pool
	 */
	public record PoolSettings(TeeSqlDsn dsn, String readSecret, List<LeaderTarget> readEndpoints,
			RaTlsConnectorConfig connectorConfig, Function<RaTlsConnectorConfig, RaTlsConnector.Builder> connectors,
			Function<HikariDataSource, HikariDataSource> hikariCustomizer) {

		@Override
		public String toString() {
			return "PoolSettings[dsn=" + this.dsn + "]";
		}

	}

}
