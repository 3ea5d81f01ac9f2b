package com.teesql.jdbc.attestation.dcap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.teesql.jdbc.errors.AttestationException;

/**
 * Keeps fetched collateral per {@link CollateralKey} until its earliest {@code nextUpdate} (see
 * {@link CollateralExpiry}), so that a connection pool does not cost four PCS requests per connection. Concurrent
 * callers for the same key share one fetch and its outcome. Once an entry expires it is dropped before refetching:
 * if the refetch fails, the caller gets the failure, never the stale collateral. Failures are not cached.
 * <p>
 * Refresh ahead (when enabled): once an entry is within {@code refreshAhead} of its expiry (but not before half way
 * through its life), the next call starts one background fetch and keeps serving the current, still valid entry. The
 * fetched collateral replaces it only if it lasts longer and passes the {@link CollateralCheck} (the verifier's
 * full collateral verification), so a PCCS outage shorter than the remaining validity is never seen by a
 * connection. A failed or fruitless refresh is retried later, never in a loop.
 */
public final class CachingCollateralSource implements CollateralSource {

	private static final Logger logger = LoggerFactory.getLogger(CachingCollateralSource.class);

	private final CollateralSource delegate;

	private final Clock clock;

	private final ConcurrentMap<CollateralKey, CompletableFuture<Entry>> entries = new ConcurrentHashMap<>();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder refreshes = new LongAdder();

	private final LongAdder failedRefreshes = new LongAdder();

	private final Duration refreshAhead;

	private final Executor refreshExecutor;

	private final CollateralCheck check;

	/**
	 * Cache collateral from {@code delegate}, judging expiry with {@code clock}, without refresh ahead.
	 * @param delegate where collateral comes from on a miss
	 * @param clock the clock compared with {@code nextUpdate}
	 */
	public CachingCollateralSource(CollateralSource delegate, Clock clock) {
		this(delegate, clock, Duration.ZERO, Runnable::run, (collateral, now) -> {
		});
	}

	/**
	 * Cache collateral from {@code delegate} and refresh it ahead of its expiry.
	 * @param delegate where collateral comes from
	 * @param clock the clock compared with {@code nextUpdate}
	 * @param refreshAhead how long before the expiry a refresh starts (zero: never)
	 * @param refreshExecutor runs the background refreshes
	 * @param check verifies refreshed collateral before it replaces the current one
	 */
	public CachingCollateralSource(CollateralSource delegate, Clock clock, Duration refreshAhead,
			Executor refreshExecutor, CollateralCheck check) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.refreshAhead = Objects.requireNonNull(refreshAhead, "refreshAhead");
		this.refreshExecutor = Objects.requireNonNull(refreshExecutor, "refreshExecutor");
		this.check = Objects.requireNonNull(check, "check");
		if (refreshAhead.isNegative()) {
			throw new IllegalArgumentException("refreshAhead must not be negative, was " + refreshAhead);
		}
	}

	/**
	 * A shared executor for background refreshes: daemon threads, created on demand and ended when idle.
	 * @return the executor
	 */
	public static Executor defaultRefreshExecutor() {
		return RefreshThreads.EXECUTOR;
	}

	@Override
	public DcapCollateral collateral(CollateralKey key) throws AttestationException {
		Objects.requireNonNull(key, "key");
		while (true) {
			CompletableFuture<Entry> existing = this.entries.get(key);
			if (existing == null) {
				CompletableFuture<Entry> mine = new CompletableFuture<>();
				if (this.entries.putIfAbsent(key, mine) == null) {
					return load(key, mine);
				}
				continue;
			}
			if (!existing.isDone()) {
				// Another caller is fetching this key: share its outcome instead of fetching again.
				this.hits.increment();
				return await(key, existing).collateral();
			}
			Entry entry = existing.getNow(null);
			if (entry != null && isFresh(entry)) {
				this.hits.increment();
				maybeRefresh(key, existing, entry);
				return entry.collateral();
			}
			// Expired (or a failed fetch not yet removed): drop it, so nobody can use it while we refetch.
			this.entries.remove(key, existing);
		}
	}

	/**
	 * How many calls were answered without a fetch of their own (cached entry, or joined a fetch in progress).
	 * @return the hit count
	 */
	public long hits() {
		return this.hits.sum();
	}

	/**
	 * How many calls fetched from the delegate.
	 * @return the miss count
	 */
	public long misses() {
		return this.misses.sum();
	}

	/**
	 * How many background refreshes replaced an entry with newer, verified collateral.
	 * @return the count
	 */
	public long refreshes() {
		return this.refreshes.sum();
	}

	/**
	 * How many background refreshes failed (fetch or verification) and left the current entry in place.
	 * @return the count
	 */
	public long failedRefreshes() {
		return this.failedRefreshes.sum();
	}

	private void maybeRefresh(CollateralKey key, CompletableFuture<Entry> slot, Entry entry) {
		if (this.refreshAhead.isZero() || this.clock.instant().isBefore(entry.refreshAt)
				|| !entry.refreshing.compareAndSet(false, true)) {
			return;
		}
		try {
			this.refreshExecutor.execute(() -> refresh(key, slot, entry));
		}
		catch (RuntimeException ex) {
			entry.refreshing.set(false);
			logger.warn("Could not start the refresh of the DCAP collateral for {}: {}", key, ex.toString());
		}
	}

	private void refresh(CollateralKey key, CompletableFuture<Entry> slot, Entry current) {
		try {
			DcapCollateral collateral = this.delegate.collateral(key);
			Instant expiry = CollateralExpiry.earliestNextUpdate(collateral);
			Instant now = this.clock.instant();
			if (!expiry.isAfter(current.expiry())) {
				// The service has nothing newer yet; ask again later.
				current.refreshAt = now.plus(retryDelay(current.expiry(), now));
				logger.debug("DCAP collateral for {} refreshed ahead: still expires at {}", key, expiry);
				return;
			}
			this.check.check(collateral, now);
			Entry fresh = new Entry(collateral, expiry, refreshAt(expiry, now));
			if (this.entries.replace(key, slot, CompletableFuture.completedFuture(fresh))) {
				this.refreshes.increment();
				logger.debug("DCAP collateral for {} refreshed ahead: now valid until {}", key, expiry);
			}
		}
		catch (AttestationException | RuntimeException ex) {
			this.failedRefreshes.increment();
			Instant now = this.clock.instant();
			current.refreshAt = now.plus(retryDelay(current.expiry(), now));
			logger.warn("Refreshing the DCAP collateral for {} ahead of its expiry at {} failed ({}); the current "
					+ "collateral is still valid and stays in use, retrying at {}", key, current.expiry(),
					ex.toString(), current.refreshAt);
		}
		finally {
			current.refreshing.set(false);
		}
	}

	/** When a refresh starts: {@code refreshAhead} before the expiry, but not before half way to it. */
	private Instant refreshAt(Instant expiry, Instant now) {
		Instant ahead = expiry.minus(this.refreshAhead);
		Instant halfWay = now.plus(Duration.between(now, expiry).dividedBy(2));
		return ahead.isAfter(halfWay) ? ahead : halfWay;
	}

	/** After a failed or fruitless refresh: an eighth of the remaining time, between one minute and one hour. */
	private static Duration retryDelay(Instant expiry, Instant now) {
		Duration delay = Duration.between(now, expiry).dividedBy(8);
		if (delay.compareTo(Duration.ofMinutes(1)) < 0) {
			return Duration.ofMinutes(1);
		}
		return (delay.compareTo(Duration.ofHours(1)) > 0) ? Duration.ofHours(1) : delay;
	}

	@Override
	public String toString() {
		return "CachingCollateralSource[" + this.delegate + ", entries=" + this.entries.size() + "]";
	}

	private DcapCollateral load(CollateralKey key, CompletableFuture<Entry> slot) throws AttestationException {
		this.misses.increment();
		Entry entry;
		try {
			DcapCollateral collateral = this.delegate.collateral(key);
			Instant expiry = CollateralExpiry.earliestNextUpdate(collateral);
			entry = new Entry(collateral, expiry, refreshAt(expiry, this.clock.instant()));
		}
		catch (AttestationException | RuntimeException | Error ex) {
			this.entries.remove(key, slot);
			slot.completeExceptionally(ex);
			throw ex;
		}
		slot.complete(entry);
		if (isFresh(entry)) {
			logger.debug("Cached DCAP collateral for {} until {}", key, entry.expiry());
		}
		else {
			// Already past its nextUpdate when served: hand it out (the verifier will refuse it) but do not keep it.
			this.entries.remove(key, slot);
			logger.warn("DCAP collateral served for {} expired at {}; not cached", key, entry.expiry());
		}
		return entry.collateral();
	}

	private static Entry await(CollateralKey key, CompletableFuture<Entry> pending) throws AttestationException {
		try {
			return pending.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CollateralUnavailableException("interrupted while waiting for the collateral of " + key, ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw new CollateralUnavailableException(
					"collateral of " + key + " could not be obtained: " + cause.getMessage(), cause);
		}
	}

	private boolean isFresh(Entry entry) {
		return this.clock.instant().isBefore(entry.expiry());
	}

	private static final class Entry {

		private final DcapCollateral collateral;

		private final Instant expiry;

		private volatile Instant refreshAt;

		private final AtomicBoolean refreshing = new AtomicBoolean();

		Entry(DcapCollateral collateral, Instant expiry, Instant refreshAt) {
			this.collateral = collateral;
			this.expiry = expiry;
			this.refreshAt = refreshAt;
		}

		DcapCollateral collateral() {
			return this.collateral;
		}

		Instant expiry() {
			return this.expiry;
		}

	}

	/**
	 * Verifies collateral fetched by a refresh before it replaces the current one.
	 */
	@FunctionalInterface
	public interface CollateralCheck {

		/**
		 * Check the collateral.
		 * @param collateral the refreshed collateral
		 * @param now the current time
		 * @throws AttestationException if it must not be used
		 */
		void check(DcapCollateral collateral, Instant now) throws AttestationException;

	}

	private static final class RefreshThreads {

		private static final AtomicInteger COUNT = new AtomicInteger();

		static final Executor EXECUTOR = new ThreadPoolExecutor(0, 4, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				(runnable) -> {
					Thread thread = new Thread(runnable, "teesql-collateral-refresh-" + COUNT.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});

	}

}
