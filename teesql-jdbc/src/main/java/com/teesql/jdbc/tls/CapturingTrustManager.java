package com.teesql.jdbc.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts any server chain during the handshake and records it. Trust is decided afterwards from the attestation in
 * the leaf (which a CA chain cannot express), before any application byte is sent. One instance per connection.
 */
final class CapturingTrustManager extends X509ExtendedTrustManager {

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
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		capture(chain);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		capture(chain);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		capture(chain);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		throw new CertificateException("client-side trust manager does not accept client certificates");
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		throw new CertificateException("client-side trust manager does not accept client certificates");
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		throw new CertificateException("client-side trust manager does not accept client certificates");
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return new X509Certificate[0];
	}

}
