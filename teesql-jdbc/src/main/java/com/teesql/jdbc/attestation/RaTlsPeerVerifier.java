package com.teesql.jdbc.attestation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.MissingAttestationExtensionException;
import com.teesql.jdbc.errors.QuoteFormatException;

/**
 * Decides whether a server's RA-TLS leaf certificate is acceptable, in this order: evidence extraction (and envelope
 * consistency) → quote↔key binding → quote signature ({@link QuoteVerifier}) → debug mode → MRTD allowlist.
 * One instance per connector; thread-safe.
 */
public final class RaTlsPeerVerifier {

	private static final Logger logger = LoggerFactory.getLogger(RaTlsPeerVerifier.class);

	private final AttestationPolicy policy;

	private final QuoteVerifier quoteVerifier;

	private final boolean allowSimulator;

	private final AtomicBoolean simulatorWarned = new AtomicBoolean();

	public RaTlsPeerVerifier(AttestationPolicy policy, QuoteVerifier quoteVerifier, boolean allowSimulator) {
		this.policy = policy;
		this.quoteVerifier = quoteVerifier;
		this.allowSimulator = allowSimulator;
	}

	/**
	 * Verify the peer.
	 * @param leaf the server's leaf certificate
	 * @return the result
	 * @throws AttestationException if the peer is refused
	 */
	public AttestationResult verify(X509Certificate leaf) throws AttestationException {
		String leafSha256 = sha256(leaf);
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
		this.policy.check(quote);
		AttestationResult result = AttestationResult.verified(leafSha256, evidence.get(), verified);
		if (logger.isDebugEnabled()) {
			logger.debug("RA-TLS upstream verified: mrtd={}... tcb={} verifier={}", result.mrtd().substring(0, 16),
					result.tcbStatus(), result.verifierName());
		}
		return result;
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
