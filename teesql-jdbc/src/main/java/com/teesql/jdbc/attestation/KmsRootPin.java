package com.teesql.jdbc.attestation;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.teesql.jdbc.errors.CertChainVerificationException;

/**
 * Requires the server's certificate chain to anchor to a pinned dstack KMS root, so that only CVMs of the expected
 * cluster (whose app CA the KMS signed) are accepted. The quote remains the root of trust for the TD itself; this
 * adds "which cluster". Revocation is not checked: dstack KMS chains carry no CRL distribution points.
 */
public final class KmsRootPin {

	private final X509Certificate root;

	public KmsRootPin(X509Certificate root) {
		this.root = root;
	}

	/**
	 * Check the chain the server presented (leaf first).
	 * @param chain the chain
	 * @throws CertChainVerificationException if it does not lead to the pinned root
	 */
	public void check(X509Certificate[] chain) throws CertChainVerificationException {
		try {
			List<X509Certificate> path = Arrays.stream(chain)
				.filter((certificate) -> !certificate.equals(this.root))
				.toList();
			CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
			PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(this.root, null)));
			parameters.setRevocationEnabled(false);
			CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
		}
		catch (GeneralSecurityException ex) {
			throw new CertChainVerificationException("the server chain (leaf " + chain[0].getSubjectX500Principal()
					+ ") does not anchor to the pinned KMS root " + this.root.getSubjectX500Principal() + ": "
					+ ex.getMessage(), ex);
		}
	}

}
