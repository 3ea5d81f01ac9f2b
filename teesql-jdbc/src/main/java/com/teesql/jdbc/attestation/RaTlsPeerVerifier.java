package com.teesql.jdbc.attestation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.CertChainVerificationException;
import com.teesql.jdbc.errors.MissingAttestationExtensionException;
import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.observation.OperationTiming;
import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a server's RA-TLS certificate chain is acceptable, in this order: verification cache → KMS root pin
 * (when configured) → evidence extraction (and envelope consistency) → quote↔key binding → quote signature
 * ({@link QuoteVerifier}) → {@link AttestationPolicy}. One instance per connector; thread-safe.
 */
public final class RaTlsPeerVerifier {

	private static final Logger logger = LoggerFactory.getLogger(RaTlsPeerVerifier.class);

	private final AttestationPolicy policy;

	private final QuoteVerifier quoteVerifier;

	private final boolean allowSimulator;

	private final KmsRootPin kmsRootPin;

	private final VerificationCache cache;

	/** This verifier's share of the cache: its verdicts, reached under its policy and pin, are served to it alone. */
	private final VerificationCache.Scope cacheScope = new VerificationCache.Scope(toString());

	private final RaTlsConnectionObserver observer;

	private final AtomicBoolean simulatorWarned = new AtomicBoolean();

	/**
	 * Verifications running now, by certificate chain: connections that meet the same new server certificate at
	 * once (a pool filling up, threads after a failover, the moment a cache entry expires) wait for the one running
	 * and share its verdict instead of each running their own.
	 */
	private final Map<String, CompletableFuture<AttestationResult>> inFlight = new ConcurrentHashMap<>();

	private final AtomicInteger waiting = new AtomicInteger();

	/**
	 * A verifier without KMS pinning or cache.
	 * @param policy the policy
	 * @param quoteVerifier the quote-signature verifier
	 * @param allowSimulator whether to accept certificates without attestation
	 */
	public RaTlsPeerVerifier(AttestationPolicy policy, QuoteVerifier quoteVerifier, boolean allowSimulator) {
		this(policy, quoteVerifier, allowSimulator, null, new VerificationCache(Duration.ZERO, Clock.systemUTC()));
	}

	/**
	 * A verifier.
	 * @param policy the policy
	 * @param quoteVerifier the quote-signature verifier
	 * @param allowSimulator whether to accept certificates without attestation
	 * @param kmsRootPin the pinned KMS root, or {@code null}
	 * @param cache the verification cache
	 */
	public RaTlsPeerVerifier(AttestationPolicy policy, QuoteVerifier quoteVerifier, boolean allowSimulator,
			KmsRootPin kmsRootPin, VerificationCache cache) {
		this(policy, quoteVerifier, allowSimulator, kmsRootPin, cache, RaTlsConnectionObserver.NONE);
	}

	/**
	 * A verifier reporting its verifications and cache hits.
	 * @param policy the policy
	 * @param quoteVerifier the quote-signature verifier
	 * @param allowSimulator whether to accept certificates without attestation
	 * @param kmsRootPin the pinned KMS root, or {@code null}
	 * @param cache the verification cache
	 * @param observer receives verification timings and outcomes
	 */
	public RaTlsPeerVerifier(AttestationPolicy policy, QuoteVerifier quoteVerifier, boolean allowSimulator,
			KmsRootPin kmsRootPin, VerificationCache cache, RaTlsConnectionObserver observer) {
		this.policy = policy;
		this.quoteVerifier = quoteVerifier;
		this.allowSimulator = allowSimulator;
		this.kmsRootPin = kmsRootPin;
		this.cache = cache;
		this.observer = observer;
	}

	/**
	 * Verify the peer's leaf certificate alone (no KMS pinning possible).
	 * @param leaf the server's leaf certificate
	 * @return the result
	 * @throws AttestationException if the peer is refused
	 */
	public AttestationResult verify(X509Certificate leaf) throws AttestationException {
		return verify(new X509Certificate[] { leaf });
	}

	/**
	 * Verify the peer.
	 * @param chain the server's certificate chain, leaf first
	 * @return the result
	 * @throws AttestationException if the peer is refused
	 */
	public AttestationResult verify(X509Certificate[] chain) throws AttestationException {
		OperationTiming timing = RaTlsConnectionObserver
			.start(() -> this.observer.verificationStarted(this.quoteVerifier.name()));
		long started = System.nanoTime();
		X509Certificate leaf = chain[0];
		Observed observed = new Observed(started, timing, evidenceFormat(leaf));
		String leafSha256;
		try {
			leafSha256 = sha256(leaf);
		}
		catch (AttestationException | RuntimeException ex) {
			observeVerification(observed, ex.getClass().getSimpleName());
			throw ex;
		}
		// A cached result means this exact leaf (its signature included) already chained to the pinned root, so the
		// pin, like the quote, is checked once per certificate rather than once per connection. The scope keeps
		// verdicts of other verifiers (other pins, other policies) sharing the cache out of reach.
		Optional<AttestationResult> cached = this.cache.get(this.cacheScope, leafSha256);
		if (cached.isPresent()) {
			RaTlsConnectionObserver.Safely.run(this.observer::cacheHit);
			observed.end(RaTlsConnectionObserver.ACCEPTED, "hit");
			return cached.get();
		}
		String flightKey;
		try {
			flightKey = flightKey(chain, leafSha256);
		}
		catch (AttestationException | RuntimeException ex) {
			observeVerification(observed, ex.getClass().getSimpleName());
			throw ex;
		}
		CompletableFuture<AttestationResult> mine = new CompletableFuture<>();
		CompletableFuture<AttestationResult> running = this.inFlight.putIfAbsent(flightKey, mine);
		if (running != null) {
			return awaitShared(running, observed);
		}
		try {
			if (this.kmsRootPin != null) {
				this.kmsRootPin.check(chain);
			}
			AttestationResult result = verifyEvidence(leaf, leafSha256);
			mine.complete(result);
			observeVerification(observed, RaTlsConnectionObserver.ACCEPTED);
			return result;
		}
		catch (AttestationException | RuntimeException ex) {
			mine.completeExceptionally(ex);
			observeVerification(observed, ex.getClass().getSimpleName());
			throw ex;
		}
		catch (Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.inFlight.remove(flightKey, mine);
		}
	}

	/**
	 * Wait for the verification another connection is running for the same chain and take its verdict: its result
	 * (reported as a cache hit, since no verification ran for this connection) or its exception.
	 */
	private AttestationResult awaitShared(CompletableFuture<AttestationResult> running, Observed observed)
			throws AttestationException {
		this.waiting.incrementAndGet();
		try {
			AttestationResult result = running.get();
			RaTlsConnectionObserver.Safely.run(this.observer::cacheHit);
			observed.end(RaTlsConnectionObserver.ACCEPTED, "hit");
			return result;
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			observeVerification(observed, cause.getClass().getSimpleName());
			if (cause instanceof AttestationException attestation) {
				throw attestation;
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			observeVerification(observed, ex.getClass().getSimpleName());
			throw new CertChainVerificationException(
					"interrupted while waiting for the verification of the same server certificate by another connection",
					ex);
		}
		finally {
			this.waiting.decrementAndGet();
		}
	}

	/**
	 * What a shared verification is keyed by: the leaf, and with a KMS root pin the whole chain (the pin checks the
	 * chain, so the same leaf with other intermediates is another verification).
	 */
	private String flightKey(X509Certificate[] chain, String leafSha256) throws AttestationException {
		if (this.kmsRootPin == null || chain.length == 1) {
			return leafSha256;
		}
		StringBuilder key = new StringBuilder(leafSha256);
		for (int i = 1; i < chain.length; i++) {
			key.append(':').append(sha256(chain[i]));
		}
		return key.toString();
	}

	/**
	 * How many connections wait for a verification another one is running (for tests).
	 * @return the number of waiting connections
	 */
	int waitingForSharedVerification() {
		return this.waiting.get();
	}

	private void observeVerification(Observed observed, String outcome) {
		Duration duration = Duration.ofNanos(System.nanoTime() - observed.startedNanos());
		RaTlsConnectionObserver.Safely.run(() -> this.observer.verification(this.quoteVerifier.name(), duration,
				outcome));
		observed.end(outcome, "miss");
	}

	// Which extension carries the evidence, read without parsing it: a label for observations only.
	private static String evidenceFormat(X509Certificate leaf) {
		for (RaTlsEvidence.Source source : RaTlsEvidence.Source.values()) {
			if (leaf.getExtensionValue(source.oid()) != null) {
				return source.name().toLowerCase(Locale.ROOT).replace('_', '-');
			}
		}
		return "none";
	}

	/** A verification being observed: when it started, its timing and the peer's evidence format. */
	private record Observed(long startedNanos, OperationTiming timing, String format) {

		void end(String outcome, String cache) {
			OperationTiming.endSafely(this.timing, outcome,
					Map.of(OperationTiming.CACHE, cache, OperationTiming.FORMAT, this.format));
		}

	}

	private AttestationResult verifyEvidence(X509Certificate leaf, String leafSha256) throws AttestationException {
		Optional<RaTlsEvidence> evidence = AttestationExtractor.extract(leaf);
		if (evidence.isEmpty()) {
			if (!this.allowSimulator) {
				throw new MissingAttestationExtensionException();
			}
			if (this.simulatorWarned.compareAndSet(false, true)) {
				logger.warn("upstream cert has no TDX attestation extension; continuing because "
						+ "teesql.allow-simulator=true (leaf sha256 {}). Never use simulator mode in production.",
						leafSha256);
			}
			return AttestationResult.simulator(leafSha256);
		}
		TdxQuote quote = evidence.get().quote();
		ReportDataBinding.verify(leaf, quote);
		VerifiedQuote verified = this.quoteVerifier.verify(quote);
		this.policy.check(evidence.get(), verified);
		AttestationResult result = AttestationResult.verified(leafSha256, evidence.get(), verified);
		this.cache.put(this.cacheScope, result, verified.validUntil());
		if (logger.isDebugEnabled()) {
			logger.debug("RA-TLS upstream verified: mrtd={}... tcb={} verifier={}", result.mrtd().substring(0, 16),
					result.tcbStatus(), result.verifierName());
		}
		return result;
	}

	/**
	 * The verification cache of this verifier.
	 * @return the cache
	 */
	public VerificationCache cache() {
		return this.cache;
	}

	private static String sha256(X509Certificate leaf) throws QuoteFormatException {
		try {
			return Hex.encode(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
		}
		catch (CertificateEncodingException ex) {
			throw new QuoteFormatException("cannot encode the server certificate", ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

}
