package com.teesql.devcluster;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import com.teesql.devcluster.sidecar.ClientCertificateCheck;
import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.RaTlsPeerVerifier;
import com.teesql.jdbc.attestation.SignatureVerificationSkipped;
import com.teesql.jdbc.errors.AttestationException;

/**
 * The sidecar's check of a client certificate (after the chain is anchored to the cluster's app CA): it must carry
 * a quote bound to its own key from a non-debug TD, as the real sidecar requires since v0.20.6.
 *
 * @author teesql-spring-boot
 */
final class ClientAttestationCheck implements ClientCertificateCheck {

	private final RaTlsPeerVerifier verifier = new RaTlsPeerVerifier(AttestationPolicy.DEFAULT,
			new SignatureVerificationSkipped(), false);

	@Override
	public void check(X509Certificate[] chain) throws CertificateException {
		try {
			this.verifier.verify(chain[0]);
		}
		catch (AttestationException ex) {
			throw new CertificateException("client attestation refused: " + ex.getMessage(), ex);
		}
	}

}
