package com.teesql.jdbc.attestation.dcap;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

/**
 * The CRLs of the collateral and the revocation rule dcap-qvl applies with them. Done by hand instead of with the
 * JDK's PKIX revocation checker because that one accepts a CRL up to 900 seconds past its {@code nextUpdate};
 * here a CRL is usable only while {@code now < nextUpdate}, and a certificate without a covering CRL is refused.
 */
final class CrlSet {

	private final List<NamedCrl> crls;

	private CrlSet(List<NamedCrl> crls) {
		this.crls = crls;
	}

	/**
	 * Parse the root CA CRL and the PCK CRL; both must be DER X.509 CRLs.
	 */
	static CrlSet of(byte[] rootCaCrl, byte[] pckCrl) throws DcapVerificationException {
		return new CrlSet(List.of(parse("root CA CRL", rootCaCrl), parse("PCK CRL", pckCrl)));
	}

	/**
	 * Check that {@code certificate}, issued by {@code issuer}, is covered by a fresh, correctly signed CRL that
	 * does not list it.
	 * @param certificate the certificate to check
	 * @param issuer the certificate that issued it (the certificate itself for the self-signed root)
	 * @param nowEpochSeconds the verification time
	 * @param context names the chain in error messages
	 */
	void checkNotRevoked(X509Certificate certificate, X509Certificate issuer, long nowEpochSeconds, String context)
			throws DcapVerificationException {
		NamedCrl named = this.crls.stream()
			.filter((candidate) -> candidate.crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal()))
			.findFirst()
			.orElseThrow(() -> new DcapVerificationException(Reason.REVOCATION_STATUS_UNKNOWN,
					context + ": no CRL issued by '" + certificate.getIssuerX500Principal() + "' to check '"
							+ certificate.getSubjectX500Principal() + "'"));
		X509CRL crl = named.crl;
		boolean[] keyUsage = issuer.getKeyUsage();
		if (keyUsage != null && (keyUsage.length < 7 || !keyUsage[6])) {
			throw new DcapVerificationException(Reason.CRL_INVALID,
					context + ": issuer of the " + named.name + " may not sign CRLs (no cRLSign key usage)");
		}
		if (!named.verifiedWith(issuer.getPublicKey())) {
			throw new DcapVerificationException(Reason.CRL_INVALID,
					context + ": signature of the " + named.name + " does not verify with the key of '"
							+ issuer.getSubjectX500Principal() + "'");
		}
		// Delta CRLs and issuing distribution points change what "not listed" means; none of that is supported.
		Set<String> critical = crl.getCriticalExtensionOIDs();
		if (critical != null && !critical.isEmpty()) {
			throw new DcapVerificationException(Reason.CRL_INVALID,
					context + ": the " + named.name + " has unsupported critical extensions " + critical);
		}
		if (crl.getNextUpdate() == null) {
			throw new DcapVerificationException(Reason.CRL_INVALID, context + ": the " + named.name + " has no nextUpdate");
		}
		long nextUpdate = crl.getNextUpdate().toInstant().getEpochSecond();
		if (nowEpochSeconds >= nextUpdate) {
			throw new DcapVerificationException(Reason.CRL_EXPIRED,
					context + ": the " + named.name + " expired: nextUpdate=" + Instant.ofEpochSecond(nextUpdate)
							+ " now=" + Instant.ofEpochSecond(nowEpochSeconds));
		}
		if (crl.getRevokedCertificate(certificate.getSerialNumber()) != null) {
			throw new DcapVerificationException(Reason.CERTIFICATE_REVOKED,
					context + ": certificate '" + certificate.getSubjectX500Principal() + "' serial "
							+ certificate.getSerialNumber().toString(16) + " is revoked by the " + named.name);
		}
	}

	/**
	 * While both CRLs are usable ({@code now < nextUpdate}); a CRL without {@code nextUpdate} adds no bound (it is
	 * refused whenever a check uses it).
	 * @return the window
	 */
	ValidityWindow window() {
		ValidityWindow window = ValidityWindow.ALWAYS;
		for (NamedCrl named : this.crls) {
			if (named.crl.getNextUpdate() != null) {
				window = window.and(ValidityWindow.beforeCrlNextUpdate(named.crl.getNextUpdate().toInstant()));
			}
		}
		return window;
	}

	/**
	 * The earliest {@code nextUpdate} of the CRLs, as {@link CollateralExpiry} reads it.
	 * @return the earliest, or {@code null} if no CRL has one
	 */
	Instant earliestNextUpdate() {
		Instant earliest = null;
		for (NamedCrl named : this.crls) {
			if (named.crl.getNextUpdate() != null) {
				Instant next = named.crl.getNextUpdate().toInstant();
				earliest = (earliest == null || next.isBefore(earliest)) ? next : earliest;
			}
		}
		return earliest;
	}

	private static NamedCrl parse(String name, byte[] der) throws DcapVerificationException {
		try {
			CertificateFactory factory = CertificateFactory.getInstance("X.509");
			return new NamedCrl(name, (X509CRL) factory.generateCRL(new ByteArrayInputStream(der)));
		}
		catch (CertificateException | CRLException | RuntimeException ex) {
			throw new DcapVerificationException(Reason.MALFORMED_COLLATERAL,
					"the " + name + " is not a DER X.509 CRL: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A parsed CRL that remembers the issuer key its signature verified with: one verification checks the root CA
	 * CRL for the root and every chain, and a verified collateral set checks it for every new PCK chain.
	 */
	private static final class NamedCrl {

		private final String name;

		private final X509CRL crl;

		private volatile PublicKey verifiedKey;

		NamedCrl(String name, X509CRL crl) {
			this.name = name;
			this.crl = crl;
		}

		boolean verifiedWith(PublicKey issuerKey) {
			if (issuerKey.equals(this.verifiedKey)) {
				return true;
			}
			if (!EcdsaP256.verifyCrl(this.crl, issuerKey)) {
				return false;
			}
			this.verifiedKey = issuerKey;
			return true;
		}

	}

}
