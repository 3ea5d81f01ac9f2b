package com.teesql.devcluster.sidecar;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * An extra check of a client certificate chain after it passed PKIX validation against the configured trust anchors,
 * run inside the TLS handshake. The dev cluster plugs the RA-TLS quote and public-key binding check in here; throwing
 * fails the handshake.
 *
 * @author TeeSQL contributors
 */
@FunctionalInterface
public interface ClientCertificateCheck {

	/** Accepts every chain that PKIX accepted. */
	ClientCertificateCheck NONE = (chain) -> {
	};

	/**
	 * Checks the chain the client presented, leaf first.
	 * @param chain the client's chain
	 * @throws CertificateException to refuse the client
	 */
	void check(X509Certificate[] chain) throws CertificateException;

}
