package com.teesql.jdbc.attestation.dcap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.teesql.jdbc.attestation.QuoteSignatureData;
import com.teesql.jdbc.attestation.TdxQuoteLayout;

/**
 * A collateral set whose quote-independent checks (DCAP steps 0, 2 and 3: root CRL, TCB info and QE identity with
 * their chains, CRLs and signatures) passed, with the parsed documents and the window of times at which they pass.
 * Also remembers the PCK chains validated against its CRLs (step 4 and 5), keyed by the chain's bytes: a PCK chain
 * is only as good as the CRLs it was checked with, so it lives and dies with the collateral.
 */
final class VerifiedCollateral {

	/** A bound on remembered PCK chains; one platform has one, a client talks to few platforms. */
	private static final int MAX_PCK_CHAINS = 64;

	private final DcapVerifier verifier;

	private final DcapCollateral collateral;

	private final CrlSet crls;

	private final TcbInfo tcbInfo;

	private final QeIdentity qeIdentity;

	private final ValidityWindow window;

	private final Instant earliestNextUpdate;

	private final Map<ByteBuffer, VerifiedPck> pckChains = new ConcurrentHashMap<>();

	private final AtomicLong pckValidations = new AtomicLong();

	VerifiedCollateral(DcapVerifier verifier, DcapCollateral collateral, CrlSet crls, TcbInfo tcbInfo,
			QeIdentity qeIdentity, ValidityWindow window) {
		this.verifier = verifier;
		this.collateral = collateral;
		this.crls = crls;
		this.tcbInfo = tcbInfo;
		this.qeIdentity = qeIdentity;
		this.window = window;
		Instant earliest = tcbInfo.nextUpdate().isBefore(qeIdentity.nextUpdate()) ? tcbInfo.nextUpdate()
				: qeIdentity.nextUpdate();
		Instant crl = crls.earliestNextUpdate();
		this.earliestNextUpdate = (crl != null && crl.isBefore(earliest)) ? crl : earliest;
	}

	DcapCollateral collateral() {
		return this.collateral;
	}

	TcbInfo tcbInfo() {
		return this.tcbInfo;
	}

	QeIdentity qeIdentity() {
		return this.qeIdentity;
	}

	ValidityWindow window() {
		return this.window;
	}

	/**
	 * The earliest {@code nextUpdate} of the four dated parts, as {@link CollateralExpiry} computes it.
	 * @return the instant
	 */
	Instant earliestNextUpdate() {
		return this.earliestNextUpdate;
	}

	boolean covers(long nowEpochSeconds) {
		return this.window.contains(nowEpochSeconds);
	}

	long pckValidations() {
		return this.pckValidations.get();
	}

	/**
	 * The validated PCK certificate for a quote: remembered if its chain was validated before and the time is still
	 * in that validation's window, otherwise validated now (steps 4 and 5).
	 * @param signatureData the quote's signature data
	 * @param nowEpochSeconds the verification time, within {@link #window()}
	 * @return the PCK leaf's key and parsed certificate
	 * @throws DcapVerificationException if the chain does not validate or the leaf's SGX extension does not parse
	 */
	VerifiedPck pck(QuoteSignatureData signatureData, long nowEpochSeconds) throws DcapVerificationException {
		byte[] chainBytes = (this.collateral.pckCertificateChain() != null)
				? this.collateral.pckCertificateChain().getBytes(StandardCharsets.UTF_8)
				: (signatureData.pckCertDataType() == TdxQuoteLayout.CERT_DATA_TYPE_PCK_CHAIN)
						? signatureData.pckCertData() : null;
		ByteBuffer key = (chainBytes != null) ? ByteBuffer.wrap(chainBytes) : null;
		VerifiedPck known = (key != null) ? this.pckChains.get(key) : null;
		if (known != null && known.window().contains(nowEpochSeconds)) {
			return known;
		}
		List<X509Certificate> path = this.verifier
			.validatePckChain(DcapVerifier.pckChain(this.collateral, signatureData), this.crls, nowEpochSeconds);
		X509Certificate leaf = path.get(0);
		PckCertificate certificate = PckCertificate.from(leaf);
		this.pckValidations.incrementAndGet();
		VerifiedPck verified = new VerifiedPck(leaf.getPublicKey(), certificate,
				this.window.and(ValidityWindow.of(this.verifier.trustedRoot())).andAll(path),
				ConcurrentHashMap.newKeySet());
		if (key != null) {
			if (this.pckChains.size() >= MAX_PCK_CHAINS) {
				this.pckChains.clear();
			}
			this.pckChains.put(key, verified);
		}
		return verified;
	}

	/**
	 * A validated PCK chain's leaf.
	 *
	 * @param key the PCK leaf's public key (signs the QE report)
	 * @param certificate the leaf's platform facts
	 * @param window when the validation holds
	 * @param verifiedQeReports QE reports (with their signatures) whose signature verified with this key: the
	 * quoting enclave of a platform signs every quote with the same attestation key and the same QE report, so its
	 * signature is checked once per platform, not once per quote
	 */
	record VerifiedPck(PublicKey key, PckCertificate certificate, ValidityWindow window,
			Set<ByteBuffer> verifiedQeReports) {

		private static final int MAX_QE_REPORTS = 16;

		boolean qeReportVerified(byte[] qeReport, byte[] signature) {
			return this.verifiedQeReports.contains(qeReportKey(qeReport, signature));
		}

		void qeReportVerifies(byte[] qeReport, byte[] signature) {
			if (this.verifiedQeReports.size() >= MAX_QE_REPORTS) {
				this.verifiedQeReports.clear();
			}
			this.verifiedQeReports.add(qeReportKey(qeReport, signature));
		}

		private static ByteBuffer qeReportKey(byte[] qeReport, byte[] signature) {
			return ByteBuffer.allocate(qeReport.length + signature.length).put(qeReport).put(signature).flip();
		}

	}

}
