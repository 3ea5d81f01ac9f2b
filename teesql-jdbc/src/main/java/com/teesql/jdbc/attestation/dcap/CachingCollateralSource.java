package com.teesql.jdbc.attestation.dcap;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.teesql.jdbc.errors.AttestationException;

/**
 * Keeps fetched collateral per {@link CollateralKey} until its earliest {@code nextUpdate} (see
 * {@link CollateralExpiry}), so that a connection pool does not cost four PCS requests per connection. Concurrent
 * callers for the same key share one fetch and its outcome. Once an entry expires it is dropped before refetching:
 * if the refetch fails, the caller gets the failure, never the stale collateral. Failures are not cached.
 */
public final class CachingCollateralSource implements CollateralSource {

	private static final Logger logger = LoggerFactory.getLogger(CachingCollateralSource.class);

	private final CollateralSource delegate;

	private final Clock clock;

	private final ConcurrentMap<CollateralKey, CompletableFuture<Entry>> entries = new ConcurrentHashMap<>();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	/**
	 * Cache collateral from {@code delegate}, judging expiry with {@code clock}.
	 * @param delegate where collateral comes from on a miss
	 * @param clock the clock compared with {@code nextUpdate}
	 */
	public CachingCollateralSource(CollateralSource delegate, Clock clock) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
		this.clock = Objects.requireNonNull(clock, "clock");
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

	@Override
	public String toString() {
		return "CachingCollateralSource[" + this.delegate + ", entries=" + this.entries.size() + "]";
	}

	private DcapCollateral load(CollateralKey key, CompletableFuture<Entry> slot) throws AttestationException {
		this.misses.increment();
		Entry entry;
		try {
			DcapCollateral collateral = this.delegate.collateral(key);
			entry = new Entry(collateral, CollateralExpiry.earliestNextUpdate(collateral));
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

	private record Entry(DcapCollateral collateral, Instant expiry) {
	}

}
