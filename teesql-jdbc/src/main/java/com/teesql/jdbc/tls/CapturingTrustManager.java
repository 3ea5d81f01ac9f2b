package com.teesql.jdbc.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepts any server chain during the handshake and records it for the socket whose handshake presented it. Trust is
 * decided afterwards from the attestation in the leaf (which a CA chain cannot express), before any application byte
 * is sent. One instance per {@link ClientTlsContext}, shared by its concurrent handshakes.
 */
final class CapturingTrustManager extends ServerChainTrustManager {

	private final Map<Socket, X509Certificate[]> chains = new ConcurrentHashMap<>();

	/**
	 * The chain the server presented in {@code socket}'s handshake, forgotten once taken.
	 * @param socket the socket
	 * @return the chain, or {@code null} if the handshake did not get that far
	 */
	X509Certificate[] take(Socket socket) {
		return this.chains.remove(socket);
	}

	@Override
	protected void acceptServerChain(X509Certificate[] chain, Socket socket) throws CertificateException {
		if (chain == null || chain.length == 0) {
			throw new CertificateException("upstream presented no leaf certificate");
		}
		if (socket == null) {
			throw new CertificateException("handshake outside a connector socket");
		}
		this.chains.put(socket, chain.clone());
	}

	@Override
	protected void acceptServerChain(X509Certificate[] chain) throws CertificateException {
		throw new CertificateException("handshake outside a connector socket");
	}

}
