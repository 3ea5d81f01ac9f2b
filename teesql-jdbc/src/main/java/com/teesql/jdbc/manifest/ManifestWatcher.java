package com.teesql.jdbc.manifest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.teesql.jdbc.observation.ManifestRefreshObserver;
import com.teesql.jdbc.observation.OperationTiming;
import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a cluster's verified leader manifest up to date. {@link #start} resolves it once (and fails when that
 * fails: there is no unpinned fallback), then a daemon thread refreshes it every interval (default 30 s, the
 * record's TTL). {@link #refreshNow()} refreshes immediately, for example after a connection to the leader failed
 * before attestation.
 * <p>
 * A failed refresh (DNS outage, a record that does not verify) keeps the last good manifest, but only until it
 * expires: from then on {@link #current()} tries one refresh itself and, if that fails too, throws a
 * {@link ManifestExpiredException} naming the expiry and the last refresh failure. Every lookup is bounded by the
 * resolver's timeout; {@link #close()} stops the thread.
 */
public final class ManifestWatcher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ManifestWatcher.class);

	/** Default refresh interval: the manifest record's TTL. */
	public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

	private static final AtomicInteger threadCount = new AtomicInteger();

	private final ManifestResolver resolver;

	private final String domain;

	private final List<LeaderChangeListener> listeners = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService scheduler;

	private final Object refreshLock = new Object();

	private final ManifestRefreshObserver observer;

	private volatile LeaderManifest current;

	private volatile ManifestException lastFailure;

	private volatile Instant lastVerified = Instant.now();

	private ManifestWatcher(ManifestResolver resolver, String domain, ManifestRefreshObserver observer) {
		this.resolver = resolver;
		this.domain = ManifestResolver.recordName(domain);
		this.observer = observer;
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "teesql-manifest-watcher-" + threadCount.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Resolve the manifest now and keep refreshing it every {@link #DEFAULT_INTERVAL}.
	 * @param resolver the resolver (its verifier's clock also decides when the last good manifest expired)
	 * @param domain the cluster domain
	 * @return the running watcher
	 * @throws ManifestException when the first resolution fails
	 */
	public static ManifestWatcher start(ManifestResolver resolver, String domain) throws ManifestException {
		return start(resolver, domain, DEFAULT_INTERVAL);
	}

	/**
	 * Resolve the manifest now and keep refreshing it.
	 * @param resolver the resolver (its verifier's clock also decides when the last good manifest expired)
	 * @param domain the cluster domain
	 * @param interval the delay between the end of one refresh and the start of the next
	 * @return the running watcher
	 * @throws ManifestException when the first resolution fails
	 */
	public static ManifestWatcher start(ManifestResolver resolver, String domain, Duration interval)
			throws ManifestException {
		return start(resolver, domain, interval, ManifestRefreshObserver.NONE);
	}

	/**
	 * Resolve the manifest now and keep refreshing it, telling an observer about every refresh (the first one
	 * included), for tracing.
	 * @param resolver the resolver (its verifier's clock also decides when the last good manifest expired)
	 * @param domain the cluster domain
	 * @param interval the delay between the end of one refresh and the start of the next
	 * @param observer told when each refresh starts and how it ended
	 * @return the running watcher
	 * @throws ManifestException when the first resolution fails
	 */
	public static ManifestWatcher start(ManifestResolver resolver, String domain, Duration interval,
			ManifestRefreshObserver observer) throws ManifestException {
		if (interval == null || interval.isZero() || interval.isNegative()) {
			throw new IllegalArgumentException("manifest refresh interval must be positive, got " + interval);
		}
		ManifestWatcher watcher = new ManifestWatcher(Objects.requireNonNull(resolver, "resolver"), domain,
				Objects.requireNonNull(observer, "observer"));
		try {
			watcher.refreshNow();
		}
		catch (ManifestException ex) {
			watcher.close();
			throw ex;
		}
		watcher.scheduler.scheduleWithFixedDelay(watcher::scheduledRefresh, interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
		return watcher;
	}

	/**
	 * The current manifest: the last good one while it has not expired. Once it has, one refresh is attempted.
	 * @return a manifest that has not expired
	 * @throws ManifestExpiredException when the last good manifest expired and refreshing failed
	 */
	public LeaderManifest current() throws ManifestException {
		LeaderManifest manifest = this.current;
		if (!this.resolver.verifier().isExpired(manifest)) {
			return manifest;
		}
		try {
			return refreshNow();
		}
		catch (ManifestException ex) {
			throw expired(this.current, ex);
		}
	}

	/**
	 * Resolve the manifest now, bypassing the schedule. On failure the last good manifest is kept.
	 * @return the freshly verified manifest
	 * @throws ManifestException why the refresh failed
	 */
	public LeaderManifest refreshNow() throws ManifestException {
		synchronized (this.refreshLock) {
			OperationTiming timing = RaTlsConnectionObserver.start(() -> this.observer.refreshStarted(this.domain));
			LeaderManifest fresh;
			try {
				fresh = this.resolver.resolve(this.domain);
			}
			catch (ManifestException | RuntimeException ex) {
				OperationTiming.endSafely(timing, ex.getClass().getSimpleName(), Map.of());
				if (ex instanceof ManifestException manifestException) {
					this.lastFailure = manifestException;
				}
				throw ex;
			}
			OperationTiming.endSafely(timing, RaTlsConnectionObserver.SUCCESS, Map.of());
			LeaderManifest previous = this.current;
			this.current = fresh;
			this.lastFailure = null;
			this.lastVerified = Instant.now();
			if (previous != null && fresh.leaderDiffersFrom(previous)) {
				logger.info("TeeSQL leader changed for {}: epoch {} -> {}, leader_url {} -> {}", this.domain,
						previous.epoch(), fresh.epoch(), previous.leaderUrl(), fresh.leaderUrl());
				notifyListeners(previous, fresh);
			}
			return fresh;
		}
	}

	private void scheduledRefresh() {
		try {
			refreshNow();
		}
		catch (ManifestException ex) {
			LeaderManifest kept = this.current;
			logger.warn("Refreshing the TeeSQL leader manifest for {} failed, keeping epoch {} (valid_until={}): {}",
					this.domain, kept.epoch(), kept.validUntil(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			// A scheduled task that throws is never run again: keep refreshing.
			logger.error("Unexpected failure refreshing the TeeSQL leader manifest for {}", this.domain, ex);
		}
	}

	private void notifyListeners(LeaderManifest previous, LeaderManifest fresh) {
		for (LeaderChangeListener listener : this.listeners) {
			try {
				listener.leaderChanged(previous, fresh);
			}
			catch (RuntimeException ex) {
				logger.warn("Leader change listener {} failed", listener, ex);
			}
		}
	}

	private ManifestExpiredException expired(LeaderManifest manifest, ManifestException failure) {
		return new ManifestExpiredException("manifest expired: valid_until="
				+ manifest.validUntil() + " now=" + this.resolver.verifier().now() + "; the last good manifest for "
				+ this.domain + " (epoch " + manifest.epoch() + ") expired and refreshing failed: "
				+ failure.getMessage(), failure);
	}

	/**
	 * Register a listener for leader changes.
	 * @param listener the listener
	 */
	public void addListener(LeaderChangeListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
	}

	/**
	 * Remove a listener.
	 * @param listener the listener
	 */
	public void removeListener(LeaderChangeListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * When a manifest was last resolved and verified successfully.
	 * @return the instant
	 */
	public Instant lastVerified() {
		return this.lastVerified;
	}

	/**
	 * The manifest in hand, even if it expired (for monitoring; use {@link #current()} to route).
	 * @return the last good manifest
	 */
	public LeaderManifest lastGood() {
		return this.current;
	}

	/**
	 * Why the last refresh failed, if it did.
	 * @return the failure
	 */
	public Optional<ManifestException> lastFailure() {
		return Optional.ofNullable(this.lastFailure);
	}

	/**
	 * The record name watched.
	 * @return {@code _teesql-leader.<domain>}
	 */
	public String recordName() {
		return this.domain;
	}

	/**
	 * Stop refreshing. A refresh in progress finishes within the resolver's timeout.
	 */
	@Override
	public void close() {
		this.scheduler.shutdownNow();
		try {
			if (!this.scheduler.awaitTermination(this.resolver.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
				logger.warn("Manifest watcher for {} did not stop in time", this.domain);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
