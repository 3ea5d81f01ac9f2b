package com.teesql.jdbc.manifest;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Per-cluster high-water mark of accepted manifest epochs. A manifest whose epoch is lower than one already accepted
 * for the same cluster is refused even though it is correctly signed and not yet expired: it is a replay of a former
 * leader's manifest (the official clients accept it until its {@code valid_until}). An equal epoch is accepted, since
 * the controller re-publishes the same leader with a later {@code valid_until}.
 * <p>
 * The mark lives in memory, so after a restart a former leader's still-valid manifest would be accepted again. With a
 * {@link ManifestEpochStore} ({@link #ManifestEpochGuard(long, ManifestEpochStore)}) the mark starts from the
 * persisted one and every raise is written before it takes effect; when writing fails, the manifest is refused.
 * Thread-safe.
 */
public final class ManifestEpochGuard {

	private final long minimumEpoch;

	private final ManifestEpochStore store;

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
		this.store = null;
	}

	/**
	 * A guard whose marks survive restarts: it starts from the marks in {@code store} and records every raise there
	 * before accepting it.
	 * @param minimumEpoch the lowest acceptable epoch for every cluster
	 * @param store the persisted marks
	 * @throws ManifestEpochStoreException when the store's file cannot be read or is corrupt
	 */
	public ManifestEpochGuard(long minimumEpoch, ManifestEpochStore store) throws ManifestEpochStoreException {
		if (minimumEpoch < 0) {
			throw new IllegalArgumentException("minimum epoch must not be negative, got " + minimumEpoch);
		}
		this.minimumEpoch = minimumEpoch;
		this.store = Objects.requireNonNull(store, "store");
		this.highest.putAll(store.load());
	}

	/**
	 * Accept a manifest's epoch and raise the mark, or refuse it.
	 * @param cluster the manifest's cluster (lowercase)
	 * @param epoch the manifest's epoch
	 * @throws ManifestRollbackException when the epoch is older than the mark
	 * @throws ManifestEpochStoreException when a raised mark cannot be persisted (the epoch is then not accepted)
	 */
	public synchronized void admit(String cluster, long epoch) throws ManifestException {
		Long accepted = this.highest.get(cluster);
		long mark = Math.max(this.minimumEpoch, (accepted != null) ? accepted : 0L);
		if (epoch < mark) {
			throw new ManifestRollbackException("manifest rolled back: epoch " + epoch + " is older than epoch " + mark
					+ " already accepted for cluster " + cluster);
		}
		if (accepted != null && epoch == accepted) {
			// The controller re-publishing the same leader: nothing to raise or write.
			return;
		}
		if (this.store != null) {
			this.store.record(cluster, epoch);
		}
		this.highest.put(cluster, epoch);
	}

	/**
	 * The store the marks are persisted in.
	 * @return the store, or {@code null} when the marks live in memory only
	 */
	public ManifestEpochStore store() {
		return this.store;
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
