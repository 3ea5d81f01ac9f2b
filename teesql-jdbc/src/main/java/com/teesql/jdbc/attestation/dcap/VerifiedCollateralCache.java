package com.teesql.jdbc.attestation.dcap;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.teesql.jdbc.attestation.QuoteSignatureData;
import com.teesql.jdbc.attestation.TdxQuote;

/**
 * DCAP verification that verifies each collateral set once: the quote-independent checks (root CRL, TCB info, QE
 * identity, their chains, CRLs and signatures) run when a collateral set is first met, and their result is kept for
 * as long as every time check in them holds (at most until the earliest {@code nextUpdate}). A changed collateral
 * set (any byte) is a different key and is verified anew. Likewise a validated PCK chain is kept, keyed by its
 * bytes, within its collateral set, with the QE reports whose signature verified with its key. What remains per
 * quote is the work that depends on it: the quote's ECDSA signature (and the QE report's, the first time a quoting
 * enclave's report is seen), a hash and the TCB level matching.
 * <p>
 * Same verdict as {@link DcapVerifier#verify(TdxQuote, DcapCollateral, long)}, the pure reference: the per-quote
 * steps are the same code, and whenever a cached part is missing, out of its window or does not verify, the
 * reference itself decides (so even the error and its precedence are the reference's). Thread-safe.
 */
public final class VerifiedCollateralCache {

	/** A bound on kept collateral sets; a client sees one per platform (FMSPC) and PCK CA. */
	private static final int MAX_COLLATERAL_SETS = 32;

	private final DcapVerifier verifier;

	private final Map<DcapCollateral, VerifiedCollateral> verified = new ConcurrentHashMap<>();

	private final AtomicLong collateralVerifications = new AtomicLong();

	/**
	 * Create the cache.
	 * @param verifier the reference verifier (holds the pinned root)
	 */
	public VerifiedCollateralCache(DcapVerifier verifier) {
		this.verifier = Objects.requireNonNull(verifier, "verifier");
	}

	/**
	 * Verify a raw quote; see {@link #verify(TdxQuote, DcapCollateral, long)}.
	 * @param quote the raw quote
	 * @param collateral the collateral for the quote's platform
	 * @param nowEpochSeconds the verification time in Unix seconds
	 * @return the verified TCB status and TD report
	 * @throws DcapVerificationException exactly as the reference would
	 */
	public DcapVerificationResult verify(byte[] quote, DcapCollateral collateral, long nowEpochSeconds)
			throws DcapVerificationException {
		if (quote == null) {
			return this.verifier.verify((byte[]) null, collateral, nowEpochSeconds);
		}
		return verify(DcapVerifier.parse(quote), collateral, nowEpochSeconds);
	}

	/**
	 * Verify a quote against collateral at the given time, reusing the verified collateral and PCK chain.
	 * @param quote the parsed quote
	 * @param collateral the collateral for the quote's platform
	 * @param nowEpochSeconds the verification time in Unix seconds
	 * @return the verified TCB status and TD report
	 * @throws DcapVerificationException exactly as the reference would
	 */
	public DcapVerificationResult verify(TdxQuote quote, DcapCollateral collateral, long nowEpochSeconds)
			throws DcapVerificationException {
		Objects.requireNonNull(quote, "quote");
		Objects.requireNonNull(collateral, "collateral");
		VerifiedCollateral verifiedCollateral = verified(collateral, nowEpochSeconds);
		if (verifiedCollateral == null) {
			return this.verifier.verify(quote, collateral, nowEpochSeconds);
		}
		// Step 1; steps 0, 2 and 3 hold in the window, so this is the first check the reference could fail.
		QuoteSignatureData signatureData = DcapVerifier.signatureData(quote);
		VerifiedCollateral.VerifiedPck pck;
		try {
			pck = verifiedCollateral.pck(signatureData, nowEpochSeconds);
		}
		catch (DcapVerificationException ex) {
			return this.verifier.verify(quote, collateral, nowEpochSeconds);
		}
		return DcapVerifier.verifyQuoteOnly(quote, signatureData, verifiedCollateral.tcbInfo(),
				verifiedCollateral.qeIdentity(), pck.key(), pck.certificate(), pck);
	}

	/**
	 * Verify a collateral set ahead of its use (refresh-ahead), so the first quote verified with it pays only the
	 * per-quote work.
	 * @param collateral the collateral
	 * @param nowEpochSeconds the verification time
	 * @return the earliest {@code nextUpdate} of the verified collateral
	 * @throws DcapVerificationException if the collateral does not verify at that time
	 */
	public Instant prepare(DcapCollateral collateral, long nowEpochSeconds) throws DcapVerificationException {
		VerifiedCollateral known = this.verified.get(collateral);
		if (known != null && known.covers(nowEpochSeconds)) {
			return known.earliestNextUpdate();
		}
		return store(this.verifier.verifyCollateral(collateral, nowEpochSeconds), nowEpochSeconds)
			.earliestNextUpdate();
	}

	/**
	 * The earliest {@code nextUpdate} of a collateral set already verified here.
	 * @param collateral the collateral
	 * @return the instant, empty if this collateral set was not verified here
	 */
	public Optional<Instant> earliestNextUpdate(DcapCollateral collateral) {
		return Optional.ofNullable(this.verified.get(collateral)).map(VerifiedCollateral::earliestNextUpdate);
	}

	/**
	 * How many times a collateral set was verified in full (for tests and benchmarks).
	 * @return the count
	 */
	public long collateralVerifications() {
		return this.collateralVerifications.get();
	}

	/**
	 * How many times a PCK chain was validated (for tests and benchmarks).
	 * @return the count over the collateral sets kept now
	 */
	public long pckValidations() {
		return this.verified.values().stream().mapToLong(VerifiedCollateral::pckValidations).sum();
	}

	private VerifiedCollateral verified(DcapCollateral collateral, long nowEpochSeconds) {
		VerifiedCollateral known = this.verified.get(collateral);
		if (known != null && known.covers(nowEpochSeconds)) {
			return known;
		}
		try {
			return store(this.verifier.verifyCollateral(collateral, nowEpochSeconds), nowEpochSeconds);
		}
		catch (DcapVerificationException ex) {
			// Not kept: the reference runs on this collateral and reports the failure in its own order.
			return null;
		}
	}

	private VerifiedCollateral store(VerifiedCollateral fresh, long nowEpochSeconds) {
		this.collateralVerifications.incrementAndGet();
		if (this.verified.size() >= MAX_COLLATERAL_SETS) {
			this.verified.values().removeIf((entry) -> entry.window().notAfter() < nowEpochSeconds);
			if (this.verified.size() >= MAX_COLLATERAL_SETS) {
				this.verified.clear();
			}
		}
		this.verified.put(fresh.collateral(), fresh);
		return fresh;
	}

}
