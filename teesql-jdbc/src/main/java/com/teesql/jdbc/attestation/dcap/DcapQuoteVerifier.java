package com.teesql.jdbc.attestation.dcap;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.teesql.jdbc.attestation.QuoteSignatureData;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.TdxQuoteLayout;
import com.teesql.jdbc.attestation.VerifiedQuote;
import com.teesql.jdbc.errors.AttestationException;

/**
 * The {@code dcap} {@link QuoteVerifier}: finds the collateral for the quote's platform, verifies the quote locally
 * with {@link DcapVerifier} at the clock's current time, and reports the TCB status. Whether that status is
 * acceptable is the caller's policy. The outcome is valid until the collateral's earliest {@code nextUpdate}.
 */
public final class DcapQuoteVerifier implements QuoteVerifier {

	/** The verifier name in results and configuration. */
	public static final String NAME = "dcap";

	/**
	 * How long before the collateral's earliest {@code nextUpdate} it is fetched and verified again in the background
	 * (not before half way through its life): Intel's collateral lasts about 30 days and is reissued daily, so a
	 * PCCS outage of up to a week is never seen by a connection.
	 */
	public static final Duration REFRESH_AHEAD = Duration.ofDays(7);

	/** A bound on remembered PCK chain to collateral key mappings. */
	private static final int MAX_KEYS = 64;

	private final VerifiedCollateralCache verifiedCollateral;

	/** The collateral key read from a PCK chain, keyed by the chain's bytes (reading it parses the chain). */
	private final Map<ByteBuffer, CollateralKey> keys = new ConcurrentHashMap<>();

	private final CollateralSource source;

	private final Clock clock;

	/**
	 * Create the verifier.
	 * @param verifier the local DCAP verifier (holds the pinned root)
	 * @param source where collateral comes from
	 * @param clock supplies the verification time
	 */
	public DcapQuoteVerifier(DcapVerifier verifier, CollateralSource source, Clock clock) {
		this(new VerifiedCollateralCache(verifier), source, clock);
	}

	/**
	 * Create the verifier with a cache of verified collateral it shares (for example with a refreshing
	 * {@link CachingCollateralSource}, which verifies refreshed collateral into it).
	 * @param verifiedCollateral the verified collateral (holds the reference verifier and its pinned root)
	 * @param source where collateral comes from
	 * @param clock supplies the verification time
	 */
	public DcapQuoteVerifier(VerifiedCollateralCache verifiedCollateral, CollateralSource source, Clock clock) {
		this.verifiedCollateral = Objects.requireNonNull(verifiedCollateral, "verifiedCollateral");
		this.source = Objects.requireNonNull(source, "source");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * The verifier for a deployment: the given root (or the embedded Intel SGX Root CA), collateral from an offline
	 * directory when one is given, otherwise from a PCCS/PCS cached until its {@code nextUpdate}.
	 * @param root the trust anchor, or {@code null} for Intel's
	 * @param pccsUrl base URL of the PCCS or Intel PCS (ignored with a collateral directory)
	 * @param collateralDirectory offline collateral directory, or {@code null}
	 * @param timeout per-request timeout for the PCCS
	 * @return the verifier
	 */
	public static DcapQuoteVerifier create(X509Certificate root, URI pccsUrl, Path collateralDirectory,
			Duration timeout) {
		DcapVerifier verifier = (root != null) ? new DcapVerifier(root) : DcapVerifier.withIntelRoot();
		VerifiedCollateralCache verified = new VerifiedCollateralCache(verifier);
		CollateralSource source = (collateralDirectory != null) ? new OfflineCollateralSource(collateralDirectory)
				: new CachingCollateralSource(new PcsCollateralClient(pccsUrl, timeout), Clock.systemUTC(),
						REFRESH_AHEAD, CachingCollateralSource.defaultRefreshExecutor(),
						(collateral, now) -> verified.prepare(collateral, now.getEpochSecond()));
		return new DcapQuoteVerifier(verified, source, Clock.systemUTC());
	}

	@Override
	public VerifiedQuote verify(TdxQuote quote) throws AttestationException {
		Objects.requireNonNull(quote, "quote");
		DcapCollateral collateral = this.source.collateral(collateralKey(quote));
		DcapVerificationResult result = this.verifiedCollateral.verify(quote, collateral,
				this.clock.instant().getEpochSecond());
		Instant validUntil = this.verifiedCollateral.earliestNextUpdate(collateral).orElse(null);
		if (validUntil == null) {
			validUntil = CollateralExpiry.earliestNextUpdate(collateral);
		}
		return new VerifiedQuote(result.status().intelName(), result.advisoryIds(), NAME, Optional.of(validUntil));
	}

	/**
	 * The collateral key of a quote's platform, remembered per PCK chain: the same server, or another on the same
	 * platform, does not parse its PCK chain again to find its collateral.
	 */
	private CollateralKey collateralKey(TdxQuote quote) throws DcapVerificationException {
		QuoteSignatureData signatureData = DcapVerifier.signatureData(quote);
		if (signatureData.pckCertDataType() != TdxQuoteLayout.CERT_DATA_TYPE_PCK_CHAIN) {
			return CollateralKey.fromQuote(quote);
		}
		ByteBuffer chain = ByteBuffer.wrap(signatureData.pckCertData());
		CollateralKey key = this.keys.get(chain);
		if (key == null) {
			key = CollateralKey.fromQuote(quote);
			if (this.keys.size() >= MAX_KEYS) {
				this.keys.clear();
			}
			this.keys.put(chain, key);
		}
		return key;
	}

	/**
	 * The cache of verified collateral this verifier uses (for tests and benchmarks).
	 * @return the cache
	 */
	public VerifiedCollateralCache verifiedCollateral() {
		return this.verifiedCollateral;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String toString() {
		return "DcapQuoteVerifier[" + this.source + "]";
	}

}
