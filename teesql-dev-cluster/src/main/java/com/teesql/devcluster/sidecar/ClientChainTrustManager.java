package com.teesql.devcluster.sidecar;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Validates client chains with PKIX against the configured anchors, then runs the {@link ClientCertificateCheck}
 * (the attestation binding). The sidecar never acts as a TLS client, so the server-side checks refuse.
 */
final class ClientChainTrustManager extends X509ExtendedTrustManager {

	private final X509ExtendedTrustManager pkix;

	private final ClientCertificateCheck check;

	ClientChainTrustManager(X509ExtendedTrustManager pkix, ClientCertificateCheck check) {
		this.pkix = pkix;
		this.check = check;
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		this.pkix.checkClientTrusted(chain, authType, socket);
		this.check.check(chain.clone());
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		this.pkix.checkClientTrusted(chain, authType, engine);
		this.check.check(chain.clone());
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		this.pkix.checkClientTrusted(chain, authType);
		this.check.check(chain.clone());
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		throw new CertificateException("The sidecar does not validate servers");
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		throw new CertificateException("The sidecar does not validate servers");
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		throw new CertificateException("The sidecar does not validate servers");
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return this.pkix.getAcceptedIssuers();
	}

}
