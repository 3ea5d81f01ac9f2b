package com.teesql.spring.boot.autoconfigure.routing;

import java.sql.Connection;
import java.sql.SQLException;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.ManifestException;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.routing.LeaderPools;
import com.teesql.jdbc.routing.OutcomeTrackingConnections;
import com.teesql.jdbc.routing.PreAttestationFailures;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A DataSource whose lookup key follows the leader named by the signed manifest: one pool per leader (and, when
 * enabled, a {@code teesql_read} pool for read-only transactions). A connection attempt that fails before
 * attestation re-resolves the manifest and, if the leader changed, is retried once on the new leader; attestation
 * and authentication failures are never retried. Connections report a lost commit as
 * {@link com.teesql.jdbc.routing.TransactionOutcomeUnknownException}.
 *
 * @author teesql-spring-boot
 */
public class TeeSqlRoutingDataSource extends AbstractRoutingDataSource {

	private static final Logger logger = LoggerFactory.getLogger(TeeSqlRoutingDataSource.class);

	private final ManifestWatcher watcher;

	private final LeaderPools pools;

	private final boolean readOnlyRouting;

	public TeeSqlRoutingDataSource(ManifestWatcher watcher, LeaderPools pools, boolean readOnlyRouting) {
		this.watcher = watcher;
		this.pools = pools;
		this.readOnlyRouting = readOnlyRouting;
		setTargetDataSources(new LinkedHashMap<>(pools.currentPools()));
		setLenientFallback(false);
	}

	@Override
	protected Object determineCurrentLookupKey() {
		return LeaderPools.PoolKey.of(currentLeader(), readOnly());
	}

	@Override
	protected DataSource determineTargetDataSource() {
		return this.pools.pool(currentLeader(), readOnly());
	}

	private boolean readOnly() {
		return this.readOnlyRouting && TransactionSynchronizationManager.isCurrentTransactionReadOnly();
	}

	private LeaderManifest currentLeader() {
		try {
			return this.watcher.current();
		}
		catch (ManifestException ex) {
			throw new LeaderUnavailableException(ex);
		}
	}

	@Override
	public Connection getConnection() throws SQLException {
		LeaderManifest leader = currentLeader();
		try {
			return track(determineTargetDataSource().getConnection(), leader);
		}
		catch (SQLException ex) {
			LeaderManifest next = reresolveAfter(ex, leader);
			if (next == null) {
				throw ex;
			}
			return track(this.pools.pool(next, readOnly()).getConnection(), next);
		}
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLException("TeeSQL connections authenticate with the configured role and cluster secret; "
				+ "getConnection(username, password) is not supported");
	}

	private LeaderManifest reresolveAfter(SQLException failure, LeaderManifest failed) {
		if (!PreAttestationFailures.isPreAttestation(failure)) {
			return null;
		}
		try {
			LeaderManifest next = this.watcher.refreshNow();
			if (next.leaderDiffersFrom(failed)) {
				logger.info("Leader {} unreachable ({}); retrying once on the new leader {} (epoch {})",
						failed.leaderUrl(), failure.getMessage(), next.leaderUrl(), next.epoch());
				return next;
			}
		}
		catch (ManifestException ex) {
			failure.addSuppressed(ex);
		}
		return null;
	}

	private static Connection track(Connection connection, LeaderManifest leader) {
		return OutcomeTrackingConnections.wrap(connection, leader.leaderUrl() + " (epoch " + leader.epoch() + ")");
	}

	/**
	 * Keep the resolved targets in step with the current pools, under their stable names ({@code teesql-write},
	 * {@code teesql-read}, see {@link LeaderPools#slotName}). Connections never go through them (the target is
	 * chosen per connection from the manifest); they describe the pools, for tools that read them.
	 */
	public void refreshTargets() {
		setTargetDataSources(new LinkedHashMap<>(this.pools.currentPools()));
		initialize();
	}

	/**
	 * The pools serving new connections now, by stable name.
	 * @return the current pools
	 */
	public Map<String, HikariDataSource> currentPools() {
		return this.pools.currentPools();
	}

	/**
	 * No leader can be determined: the manifest cannot be resolved and the last good one expired.
	 */
	public static class LeaderUnavailableException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		LeaderUnavailableException(ManifestException cause) {
			super("No TeeSQL leader available: " + cause.getMessage(), cause);
		}

	}

}
