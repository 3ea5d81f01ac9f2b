package com.teesql.jdbc.attestation.dcap;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

/**
 * Validates the three certificate chains of DCAP collateral (TCB info signer, QE identity signer, PCK) against the
 * pinned root only. Certificates supplied with a chain are candidates for intermediates, never anchors. PKIX does
 * the per-certificate work (signatures, validity at {@code now}, CA flags, path length, key usage, unknown critical
 * extensions); revocation is checked by {@link CrlSet} with dcap-qvl's strict freshness rule.
 */
final class CertificateChainValidator {

	/** Intel signs everything with ECDSA P-256 / SHA-256; nothing else is accepted. */
	private static final String ECDSA_WITH_SHA256 = EcdsaP256.ECDSA_WITH_SHA256;

	/** Intel chains are at most leaf, intermediate, root; a little slack, but bounded. */
	private static final int MAX_INTERMEDIATES = 3;

	private final X509Certificate trustedRoot;

	private final TrustAnchor anchor;

	CertificateChainValidator(X509Certificate trustedRoot) {
		this.trustedRoot = trustedRoot;
		this.anchor = new TrustAnchor(trustedRoot, null);
	}

	/**
	 * Parse concatenated PEM certificates, tolerating the trailing NUL and whitespace quotes carry.
	 * @param pem the PEM text
	 * @param context names the chain in error messages
	 * @param malformed the reason to report if the text does not parse
	 * @return the certificates in order, at least one
	 */
	static List<X509Certificate> parsePem(byte[] pem, String context, Reason malformed)
			throws DcapVerificationException {
		int end = pem.length;
		while (end > 0 && (pem[end - 1] == 0 || Character.isWhitespace(pem[end - 1]))) {
			end--;
		}
		Collection<? extends Certificate> certificates;
		try {
			certificates = CertificateFactory.getInstance("X.509")
				.generateCertificates(new ByteArrayInputStream(pem, 0, end));
		}
		catch (CertificateException | RuntimeException ex) {
			throw new DcapVerificationException(malformed, context + " is not a PEM certificate chain: " + ex.getMessage(),
					ex);
		}
		if (certificates.isEmpty()) {
			throw new DcapVerificationException(malformed, context + " contains no certificate");
		}
		List<X509Certificate> result = new ArrayList<>();
		for (Certificate certificate : certificates) {
			result.add((X509Certificate) certificate);
		}
		return result;
	}

	static List<X509Certificate> parsePem(String pem, String context, Reason malformed)
			throws DcapVerificationException {
		return parsePem(pem.getBytes(StandardCharsets.UTF_8), context, malformed);
	}

	/**
	 * Validate the chain that starts with {@code chain.get(0)}.
	 * @param chain the end-entity certificate followed by candidate intermediates (a root copy is ignored)
	 * @param crls the CRLs for revocation
	 * @param nowEpochSeconds the verification time
	 * @param context names the chain in error messages
	 * @return the validated path from the end entity up to, excluding, the pinned root
	 */
	List<X509Certificate> validate(List<X509Certificate> chain, CrlSet crls, long nowEpochSeconds, String context)
			throws DcapVerificationException {
		Date now = new Date(nowEpochSeconds * 1000);
		List<X509Certificate> path = buildPath(wrap(chain), context);
		X509Certificate leaf = path.get(0);
		if (leaf.getBasicConstraints() != -1) {
			throw invalid(context + ": end-entity certificate '" + leaf.getSubjectX500Principal() + "' is a CA", null);
		}
		for (X509Certificate certificate : path) {
			if (!ECDSA_WITH_SHA256.equals(certificate.getSigAlgOID())) {
				throw invalid(context + ": certificate '" + certificate.getSubjectX500Principal()
						+ "' is signed with unsupported algorithm " + certificate.getSigAlgName(), null);
			}
		}
		// PKIX treats the trust anchor as a bare key, so its own validity period is checked here.
		checkValidity(this.trustedRoot, now, context);
		try {
			CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
			PKIXParameters parameters = new PKIXParameters(Set.of(this.anchor));
			parameters.setRevocationEnabled(false);
			parameters.setDate(now);
			CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
		}
		catch (CertPathValidatorException ex) {
			String subject = (ex.getIndex() >= 0 && ex.getIndex() < path.size())
					? " at '" + path.get(ex.getIndex()).getSubjectX500Principal() + "'" : "";
			throw invalid(context + ": certificate path invalid" + subject + " at "
					+ Instant.ofEpochSecond(nowEpochSeconds) + ": " + ex.getMessage(), ex);
		}
		catch (CertificateException | NoSuchAlgorithmException | InvalidAlgorithmParameterException ex) {
			throw invalid(context + ": certificate path cannot be validated: " + ex.getMessage(), ex);
		}
		for (int i = 0; i < path.size(); i++) {
			X509Certificate issuer = (i + 1 < path.size()) ? path.get(i + 1) : this.trustedRoot;
			crls.checkNotRevoked(path.get(i), issuer, nowEpochSeconds, context);
		}
		return path;
	}

	/**
	 * The chain with each certificate's signature checked by {@link EcdsaP256} (remembered per certificate), both
	 * when the path is built and when PKIX checks it.
	 */
	private static List<X509Certificate> wrap(List<X509Certificate> chain) {
		List<X509Certificate> wrapped = new ArrayList<>(chain.size());
		for (X509Certificate certificate : chain) {
			wrapped.add((certificate instanceof EcdsaVerifiedCertificate) ? certificate
					: new EcdsaVerifiedCertificate(certificate));
		}
		return wrapped;
	}

	private List<X509Certificate> buildPath(List<X509Certificate> chain, String context)
			throws DcapVerificationException {
		List<X509Certificate> path = new ArrayList<>();
		X509Certificate current = chain.get(0);
		path.add(current);
		while (!isIssuedBy(current, this.trustedRoot)) {
			X509Certificate next = null;
			for (X509Certificate candidate : chain) {
				if (!path.contains(candidate) && isIssuedBy(current, candidate)) {
					next = candidate;
					break;
				}
			}
			if (next == null || path.size() > MAX_INTERMEDIATES) {
				throw invalid(context + ": '" + current.getSubjectX500Principal()
						+ "' does not chain to the pinned root '" + this.trustedRoot.getSubjectX500Principal() + "'",
						null);
			}
			path.add(next);
			current = next;
		}
		return path;
	}

	private static boolean isIssuedBy(X509Certificate certificate, X509Certificate issuer) {
		if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
			return false;
		}
		return ((EcdsaVerifiedCertificate) certificate).isSignedBy(issuer.getPublicKey());
	}

	private static void checkValidity(X509Certificate certificate, Date now, String context)
			throws DcapVerificationException {
		try {
			certificate.checkValidity(now);
		}
		catch (CertificateExpiredException | CertificateNotYetValidException ex) {
			throw invalid(context + ": '" + certificate.getSubjectX500Principal() + "' is not valid at "
					+ now.toInstant() + " (" + certificate.getNotBefore().toInstant() + " .. "
					+ certificate.getNotAfter().toInstant() + ")", ex);
		}
	}

	private static DcapVerificationException invalid(String message, Throwable cause) {
		return new DcapVerificationException(Reason.CERTIFICATE_CHAIN_INVALID, message, cause);
	}

}
