package com.teesql.jdbc.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Accepts any server chain during the handshake and records it. Trust is decided afterwards from the attestation in
 * the leaf (which a CA chain cannot express), before any application byte is sent. One instance per connection.
 */
final class CapturingTrustManager extends ServerChainTrustManager {

	private volatile X509Certificate[] serverChain;

	/**
	 * The chain the server presented.
	 * @return the chain, or {@code null} if the handshake did not get that far
	 */
	X509Certificate[] serverChain() {
		X509Certificate[] chain = this.serverChain;
		return (chain != null) ? chain.clone() : null;
	}

	private void capture(X509Certificate[] chain) throws CertificateException {
		if (chain == null || chain.length == 0) {
			throw new CertificateException("upstream presented no leaf certificate");
		}
		this.serverChain = chain.clone();
	}

	@Override
	protected void acceptServerChain(X509Certificate[] chain) throws CertificateException {
		capture(chain);
	}

}
