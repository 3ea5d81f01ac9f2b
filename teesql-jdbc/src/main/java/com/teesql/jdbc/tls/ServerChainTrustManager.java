package com.teesql.jdbc.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A client-side trust manager that hands every server chain, whichever JSSE entry point is used (socket, engine or
 * neither), to one decision, and refuses to judge client chains. An RA-TLS server is trusted for the attestation in
 * its leaf, which no CA chain can express, so both the JDBC socket path and the R2DBC engine path plug their decision
 * in here.
 */
public abstract class ServerChainTrustManager extends X509ExtendedTrustManager {

	/**
	 * Decide on the chain the server presented.
	 * @param chain the chain, leaf first
	 * @throws CertificateException to fail the handshake
	 */
	protected abstract void acceptServerChain(X509Certificate[] chain) throws CertificateException;

	/**
	 * Decide on the chain the server presented in a socket's handshake; by default as any other chain.
	 * @param chain the chain, leaf first
	 * @param socket the socket whose handshake presented it
	 * @throws CertificateException to fail the handshake
	 */
	protected void acceptServerChain(X509Certificate[] chain, Socket socket) throws CertificateException {
		acceptServerChain(chain);
	}

	@Override
	public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		acceptServerChain(chain, socket);
	}

	@Override
	public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		acceptServerChain(chain);
	}

	@Override
	public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		acceptServerChain(chain);
	}

	@Override
	public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		throw refuseClientChain();
	}

	@Override
	public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		throw refuseClientChain();
	}

	@Override
	public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		throw refuseClientChain();
	}

	private static CertificateException refuseClientChain() {
		return new CertificateException("client-side trust manager does not accept client certificates");
	}

	@Override
	public final X509Certificate[] getAcceptedIssuers() {
		return new X509Certificate[0];
	}

}
