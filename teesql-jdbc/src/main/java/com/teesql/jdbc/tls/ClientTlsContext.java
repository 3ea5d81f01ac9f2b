package com.teesql.jdbc.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of a connector's handshakes for one client certificate, on {@link FastPublicKeyJsse}.
 * <p>
 * One context serves every handshake of one client certificate: building a context costs more than a handshake's
 * public-key operations. Two things a per-connection context gave for free are kept explicitly:
 * <ul>
 * <li><b>No session resumption</b>, which would skip the server certificate and with it the attestation: sockets are
 * opened without a peer host and port, the key under which a JSSE client caches and looks up resumable sessions, so
 * there is nothing to resume (SNI is set explicitly by the connector). Should a server resume anyway, no chain is
 * captured for the socket and the connector refuses the connection.</li>
 * <li><b>One chain per handshake</b>: the chain is captured per socket, so concurrent handshakes cannot mix.</li>
 * </ul>
 */
final class ClientTlsContext {

	private final ClientKeyManager keyManager;

	private final CapturingTrustManager trustManager = new CapturingTrustManager();

	private final SSLContext context;

	private ClientTlsContext(ClientKeyManager keyManager) throws GeneralSecurityException {
		this.keyManager = keyManager;
		this.context = SSLContext.getInstance("TLS", FastPublicKeyJsse.provider());
		this.context.init(new KeyManager[] { keyManager }, new TrustManager[] { this.trustManager },
				new SecureRandom());
	}

	/**
	 * The context for a client certificate.
	 * @param keyManager presents the client certificate
	 * @return the context
	 * @throws GeneralSecurityException if the context cannot be created
	 */
	static ClientTlsContext create(ClientKeyManager keyManager) throws GeneralSecurityException {
		return new ClientTlsContext(keyManager);
	}

	/**
	 * The key manager this context presents.
	 * @return the key manager
	 */
	ClientKeyManager keyManager() {
		return this.keyManager;
	}

	/**
	 * A client TLS socket over a connected socket, not yet handshaken.
	 * @param plain the connected TCP socket
	 * @return the TLS socket (closing it closes {@code plain})
	 * @throws IOException if the socket cannot be created
	 */
	SSLSocket open(Socket plain) throws IOException {
		// No peer host and port: the session-cache key, so no session is stored for or resumed by this socket.
		SSLSocket socket = (SSLSocket) this.context.getSocketFactory().createSocket(plain, null, -1, true);
		socket.setUseClientMode(true);
		return socket;
	}

	/**
	 * The chain the server presented in {@code socket}'s handshake, forgotten once taken.
	 * @param socket a socket of this context
	 * @return the chain, or {@code null} if the handshake presented none
	 */
	X509Certificate[] takeServerChain(SSLSocket socket) {
		return this.trustManager.take(socket);
	}

}
