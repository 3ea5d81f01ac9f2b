package com.teesql.jdbc.attestation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Successful verifications keyed by the verifier that reached them ({@link Scope}) and the SHA-256 of the server's
 * leaf certificate DER. A hit skips every check (KMS root pin, quote, policy), so a verdict is only ever served to
 * the scope that reached it: a certificate accepted under one policy never satisfies another, even when verifiers
 * share a cache. An entry lives for the configured TTL but never beyond the validity of the evidence behind it
 * (collateral {@code nextUpdate}, token expiry). Refusals are never cached: a refused server is checked again on the
 * next connection. Bounded in size.
 */
public final class VerificationCache {

	static final int MAX_ENTRIES = 1000;

	private final Duration ttl;

	private final Clock clock;

	private final Map<Key, Entry> entries = new LinkedHashMap<>();

	private final AtomicLong hits = new AtomicLong();

	private final AtomicLong misses = new AtomicLong();

	/**
	 * Create a cache.
	 * @param ttl how long an entry may be reused; zero disables caching
	 * @param clock the time source
	 */
	public VerificationCache(Duration ttl, Clock clock) {
		this.ttl = ttl;
		this.clock = clock;
	}

	/**
	 * A still valid result for the leaf, reached in this scope.
	 * @param scope the verifier asking
	 * @param leafSha256 lowercase hex SHA-256 of the leaf DER
	 * @return the cached result, if any
	 */
	public synchronized Optional<AttestationResult> get(Scope scope, String leafSha256) {
		Key key = new Key(scope, leafSha256);
		Entry entry = this.entries.get(key);
		if (entry != null && this.clock.instant().isBefore(entry.expiresAt())) {
			this.hits.incrementAndGet();
			return Optional.of(entry.result());
		}
		if (entry != null) {
			this.entries.remove(key);
		}
		this.misses.incrementAndGet();
		return Optional.empty();
	}

	/**
	 * Remember a successful verification.
	 * @param scope the verifier that reached it, the only one it will be served to
	 * @param result the result
	 * @param validUntil the end of the evidence's validity, if bounded
	 */
	public synchronized void put(Scope scope, AttestationResult result, Optional<Instant> validUntil) {
		if (this.ttl.isZero()) {
			return;
		}
		Instant expiresAt = this.clock.instant().plus(this.ttl);
		if (validUntil.isPresent() && validUntil.get().isBefore(expiresAt)) {
			expiresAt = validUntil.get();
		}
		if (this.entries.size() >= MAX_ENTRIES) {
			evict();
		}
		this.entries.put(new Key(scope, result.leafSha256()), new Entry(result, expiresAt));
	}

	private void evict() {
		Instant now = this.clock.instant();
		this.entries.values().removeIf((entry) -> !now.isBefore(entry.expiresAt()));
		Iterator<Key> oldest = this.entries.keySet().iterator();
		while (this.entries.size() >= MAX_ENTRIES && oldest.hasNext()) {
			oldest.next();
			oldest.remove();
		}
	}

	/**
	 * Drop every entry (for example to force re-verification now).
	 */
	public synchronized void clear() {
		this.entries.clear();
	}

	public long hits() {
		return this.hits.get();
	}

	public long misses() {
		return this.misses.get();
	}

	public synchronized int size() {
		return this.entries.size();
	}

	/**
	 * Whose verdicts an entry holds: one per verifier (its policy, KMS root pin and quote verifier). Compared by
	 * identity, so two scopes never match, whatever their verifiers' settings.
	 */
	public static final class Scope {

		private final String name;

		/**
		 * A new scope.
		 * @param name names the owner in {@link #toString()}
		 */
		public Scope(String name) {
			this.name = name;
		}

		@Override
		public String toString() {
			return "VerificationCache.Scope[" + this.name + "]";
		}

	}

	private record Key(Scope scope, String leafSha256) {
	}

	private record Entry(AttestationResult result, Instant expiresAt) {
	}

}
