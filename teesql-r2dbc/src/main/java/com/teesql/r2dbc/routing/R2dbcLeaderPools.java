package com.teesql.r2dbc.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.routing.LeaderPools;
import com.teesql.jdbc.routing.LeaderPools.PoolKey;
import com.teesql.r2dbc.AttestedConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One r2dbc-pool per (leader, role), created on first use, each connecting through the RA-TLS connector that the
 * JDBC path's {@link LeaderPools} holds for that leader (bound to the manifest's leader instance, monitored by the
 * actuator). Pools of a former leader are drained: disposed, which closes idle connections at once and borrowed ones
 * when they are released, and fails waiting acquisitions so that they retry on the new leader.
 */
public final class R2dbcLeaderPools implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(R2dbcLeaderPools.class);

	/** The PostgreSQL role of read-only transactions. */
	public static final String READ_ROLE = "teesql_read";

	private final ConcurrentMap<PoolKey, ConnectionPool> pools = new ConcurrentHashMap<>();

	private final LeaderPools connectors;

	private final TeeSqlDsn dsn;

	private final String readSecret;

	private final Function<ConnectionFactory, ConnectionPoolConfiguration> poolConfiguration;

	private volatile LeaderManifest latest;

	private volatile boolean closed;

	/**
	 * Create the pools.
	 * @param connectors the JDBC path's leader pools, whose connector for each leader is used
	 * @param dsn role, secret and database (host and port come from each leader)
	 * @param readSecret the secret of the read-only role
	 * @param poolConfiguration the pool settings for a new pool over the given factory
	 */
	public R2dbcLeaderPools(LeaderPools connectors, TeeSqlDsn dsn, String readSecret,
			Function<ConnectionFactory, ConnectionPoolConfiguration> poolConfiguration) {
		this.connectors = connectors;
		this.dsn = dsn;
		this.readSecret = readSecret;
		this.poolConfiguration = poolConfiguration;
	}

	/**
	 * The pool for a leader and role, created on first use.
	 * @param manifest the manifest naming the leader
	 * @param readOnly whether the read-only ({@value #READ_ROLE}) pool is wanted
	 * @return the pool
	 */
	public ConnectionFactory pool(LeaderManifest manifest, boolean readOnly) {
		if (this.closed) {
			throw new IllegalStateException("TeeSQL R2DBC leader pools are closed");
		}
		ConnectionPool pool = this.pools.computeIfAbsent(PoolKey.of(manifest, readOnly),
				(key) -> create(manifest, key));
		// A caller holding a manifest older than the last leader change may just have created a pool for the
		// former leader: retire it again.
		LeaderManifest latest = this.latest;
		if (latest != null && manifest.epoch() < latest.epoch()) {
			retireAllBut(latest);
		}
		return pool;
	}

	private ConnectionPool create(LeaderManifest manifest, PoolKey key) {
		AttestedConnectionFactory factory = AttestedConnectionFactory.builder(this.connectors.connector(manifest))
			.username(key.readOnly() ? READ_ROLE : this.dsn.role())
			.password(key.readOnly() ? this.readSecret : this.dsn.secret().orElseThrow())
			.database(this.dsn.database())
			.build();
		logger.info("TeeSQL R2DBC {} pool for leader {} (epoch {}) created",
				key.readOnly() ? "read-only" : "read-write", manifest.leaderUrl(), manifest.epoch());
		return new ConnectionPool(this.poolConfiguration.apply(factory));
	}

	/**
	 * Drain every pool that does not belong to the given leader.
	 * @param manifest the manifest naming the current leader
	 */
	public synchronized void retireAllBut(LeaderManifest manifest) {
		LeaderManifest latest = this.latest;
		LeaderManifest current = (latest != null && latest.epoch() > manifest.epoch()) ? latest : manifest;
		this.latest = current;
		this.pools.entrySet().removeIf((entry) -> {
			PoolKey key = entry.getKey();
			if (key.leaderUrl().equals(current.leaderUrl()) && key.epoch() == current.epoch()) {
				return false;
			}
			logger.info("Draining TeeSQL R2DBC pool {} of former leader", key);
			entry.getValue().disposeLater().subscribe(null,
					(failure) -> logger.debug("Disposing R2DBC pool {} failed", key, failure));
			return true;
		});
	}

	/**
	 * The live pools by routing key, for health reporting and tests.
	 * @return the pools
	 */
	public Map<PoolKey, ConnectionFactory> targets() {
		return new LinkedHashMap<>(this.pools);
	}

	@Override
	public void close() {
		this.closed = true;
		this.pools.values().forEach(ConnectionPool::dispose);
		this.pools.clear();
	}

}
