package com.teesql.jdbc.manifest;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Per-cluster high-water mark of accepted manifest epochs. A manifest whose epoch is lower than one already accepted
 * for the same cluster is refused even though it is correctly signed and not yet expired: it is a replay of a former
 * leader's manifest (the official clients accept it until its {@code valid_until}). An equal epoch is accepted, since
 * the controller re-publishes the same leader with a later {@code valid_until}.
 * <p>
 * The mark lives in memory; to survive restarts, seed it with {@link #ManifestEpochGuard(long)} from a persisted
 * {@link #highestEpoch(String)}. Thread-safe.
 */
public final class ManifestEpochGuard {

	private final long minimumEpoch;

	private final Map<String, Long> highest = new HashMap<>();

	/**
	 * A guard without a floor.
	 */
	public ManifestEpochGuard() {
		this(0);
	}

	/**
	 * A guard that also refuses any epoch below {@code minimumEpoch} for every cluster.
	 * @param minimumEpoch the lowest acceptable epoch
	 */
	public ManifestEpochGuard(long minimumEpoch) {
		if (minimumEpoch < 0) {
			throw new IllegalArgumentException("minimum epoch must not be negative, got " + minimumEpoch);
		}
		this.minimumEpoch = minimumEpoch;
	}

	/**
	 * Accept a manifest's epoch and raise the mark, or refuse it.
	 * @param cluster the manifest's cluster (lowercase)
	 * @param epoch the manifest's epoch
	 * @throws ManifestRollbackException when the epoch is older than the mark
	 */
	public synchronized void admit(String cluster, long epoch) throws ManifestRollbackException {
		long mark = Math.max(this.minimumEpoch, this.highest.getOrDefault(cluster, 0L));
		if (epoch < mark) {
			throw new ManifestRollbackException("manifest rolled back: epoch " + epoch + " is older than epoch " + mark
					+ " already accepted for cluster " + cluster);
		}
		this.highest.put(cluster, epoch);
	}

	/**
	 * The highest epoch accepted for a cluster.
	 * @param cluster the cluster address (any case)
	 * @return the epoch, or empty when none was accepted yet
	 */
	public synchronized OptionalLong highestEpoch(String cluster) {
		Long epoch = this.highest.get(cluster.toLowerCase(Locale.ROOT));
		return (epoch != null) ? OptionalLong.of(epoch) : OptionalLong.empty();
	}

}
