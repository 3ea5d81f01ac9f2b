package com.teesql.jdbc.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.teesql.jdbc.manifest.InvalidLeaderUrlException;
import com.teesql.jdbc.manifest.LeaderChangeListener;
import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.LeaderTarget;
import com.teesql.jdbc.manifest.ManifestException;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.routing.LeaderPools;
import com.teesql.jdbc.sidecar.SidecarHttpClient;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader named by the signed manifest as the monitored target: the connector of its read-write pool (the one
 * writes go through) and its sidecar HTTP API. Follows leader changes and reports the manifest's freshness.
 *
 * @author teesql-spring-boot
 */
final class LeaderTargets implements MonitoredTargets {

	private static final Logger logger = LoggerFactory.getLogger(LeaderTargets.class);

	private final ManifestWatcher watcher;

	private final LeaderPools pools;

	private final Function<LeaderTarget, SidecarHttpClient> sidecars;

	private final List<LeaderChangeListener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Create the targets.
	 * @param watcher the application's manifest watcher
	 * @param pools the application's leader pools
	 * @param sidecars the sidecar HTTP client of a leader
	 */
	LeaderTargets(ManifestWatcher watcher, LeaderPools pools, Function<LeaderTarget, SidecarHttpClient> sidecars) {
		this.watcher = watcher;
		this.pools = pools;
		this.sidecars = sidecars;
	}

	@Override
	public MonitoredTarget current() throws ManifestException {
		return targetOf(this.watcher.current());
	}

	@Override
	public MonitoredTarget inHand() {
		return targetOf(this.watcher.lastGood());
	}

	private MonitoredTarget targetOf(LeaderManifest manifest) {
		LeaderTarget leader;
		try {
			leader = manifest.target();
		}
		catch (InvalidLeaderUrlException ex) {
			// The verifier accepted the URL, so this cannot happen for a manifest of the watcher.
			throw new IllegalStateException(ex.getMessage(), ex);
		}
		return new MonitoredTarget(this.pools.connector(manifest), this.sidecars.apply(leader));
	}

	@Override
	public Map<String, Object> routing() {
		LeaderManifest manifest = this.watcher.lastGood();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("manifestRecord", this.watcher.recordName());
		details.put("leaderUrl", manifest.leaderUrl());
		details.put("leaderInstance", manifest.leaderInstance());
		details.put("epoch", manifest.epoch());
		details.put("manifestValidUntil", Instant.ofEpochSecond(manifest.validUntil()).toString());
		details.put("manifestLastVerified", this.watcher.lastVerified().toString());
		this.watcher.lastFailure()
			.ifPresent((failure) -> details.put("manifestRefreshFailure", HealthCheck.describe(failure)));
		return details;
	}

	@Override
	public Map<String, Object> status() {
		LeaderManifest manifest = this.watcher.lastGood();
		Map<String, Object> manifestState = new LinkedHashMap<>();
		manifestState.put("record", this.watcher.recordName());
		manifestState.put("cluster", manifest.cluster());
		manifestState.put("epoch", manifest.epoch());
		manifestState.put("leaderUrl", manifest.leaderUrl());
		manifestState.put("leaderInstance", manifest.leaderInstance());
		manifestState.put("validUntil", Instant.ofEpochSecond(manifest.validUntil()).toString());
		manifestState.put("signer", manifest.recoveredSigner());
		Instant lastVerified = this.watcher.lastVerified();
		manifestState.put("lastVerified", lastVerified.toString());
		manifestState.put("age", Duration.between(lastVerified, Instant.now()).toString());
		this.watcher.lastFailure()
			.ifPresent((failure) -> manifestState.put("lastFailure", failureOf(failure)));
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("manifest", manifestState);
		status.put("pools", livePools());
		return status;
	}

	private Map<String, Object> livePools() {
		Map<String, Object> live = new LinkedHashMap<>();
		this.pools.targets().forEach((key, dataSource) -> live.put(key.toString(), poolState(dataSource)));
		return live;
	}

	private static Map<String, Object> poolState(Object dataSource) {
		Map<String, Object> state = new LinkedHashMap<>();
		if (dataSource instanceof HikariDataSource hikari) {
			state.put("name", hikari.getPoolName());
			HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
			state.put("started", pool != null);
			if (pool != null) {
				state.put("active", pool.getActiveConnections());
				state.put("idle", pool.getIdleConnections());
				state.put("total", pool.getTotalConnections());
				state.put("waiting", pool.getThreadsAwaitingConnection());
			}
		}
		return state;
	}

	@Override
	public Map<String, Object> refreshManifest() {
		Map<String, Object> outcome = new LinkedHashMap<>();
		outcome.put("operation", TeeSqlMonitor.REFRESH_MANIFEST);
		outcome.put("record", this.watcher.recordName());
		LeaderManifest before = this.watcher.lastGood();
		try {
			LeaderManifest fresh = this.watcher.refreshNow();
			outcome.put("outcome", "refreshed");
			outcome.put("epoch", fresh.epoch());
			outcome.put("leaderUrl", fresh.leaderUrl());
			outcome.put("leaderInstance", fresh.leaderInstance());
			outcome.put("validUntil", Instant.ofEpochSecond(fresh.validUntil()).toString());
			outcome.put("leaderChanged", fresh.leaderDiffersFrom(before));
			logger.info("TeeSQL leader manifest {} refreshed on request: epoch {}, leader {}",
					this.watcher.recordName(), fresh.epoch(), fresh.leaderUrl());
		}
		catch (ManifestException ex) {
			LeaderManifest kept = this.watcher.lastGood();
			outcome.put("outcome", "failed");
			outcome.putAll(failureOf(ex));
			outcome.put("keptEpoch", kept.epoch());
			outcome.put("keptValidUntil", Instant.ofEpochSecond(kept.validUntil()).toString());
			logger.warn("Refreshing the TeeSQL leader manifest {} on request failed, keeping epoch {}: {}",
					this.watcher.recordName(), kept.epoch(), ex.getMessage());
		}
		return outcome;
	}

	private static Map<String, Object> failureOf(ManifestException failure) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("type", failure.getClass().getSimpleName());
		map.put("reason", failure.getMessage());
		return map;
	}

	@Override
	public void onChange(Runnable action) {
		LeaderChangeListener listener = (previous, current) -> action.run();
		this.listeners.add(listener);
		this.watcher.addListener(listener);
	}

	@Override
	public void close() {
		this.listeners.forEach(this.watcher::removeListener);
		this.listeners.clear();
	}

	@Override
	public String toString() {
		return "LeaderTargets[" + this.watcher.recordName() + "]";
	}

}
