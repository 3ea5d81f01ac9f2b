package com.teesql.devcluster.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import com.teesql.jdbc.tls.FastPublicKeyJsse;

/**
 * The server side TLS of the sidecar listener for one server identity: TLS 1.3 and 1.2, the server key, and either
 * mandatory client certificates (PKIX against the anchors plus the {@link ClientCertificateCheck}) or, in simulator
 * mode, none requested. Immutable; replacing the certificate builds a new instance.
 */
final class SidecarTlsContext {

	private static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

	/** ALPN protocol PostgreSQL 17 clients send for direct TLS; libpq refuses a direct-TLS server that ignores it. */
	static final String ALPN_POSTGRESQL = "postgresql";

	private final SSLContext context;

	private final boolean requireClientCertificate;

	private SidecarTlsContext(SSLContext context, boolean requireClientCertificate) {
		this.context = context;
		this.requireClientCertificate = requireClientCertificate;
	}

	static SidecarTlsContext create(PrivateKey key, List<X509Certificate> chain, boolean requireClientCertificate,
			List<X509Certificate> trustAnchors, ClientCertificateCheck check) {
		if (chain.isEmpty()) {
			throw new IllegalArgumentException("server certificate chain must not be empty");
		}
		try {
			TrustManager[] trustManagers = requireClientCertificate ? new TrustManager[] { clientTrust(trustAnchors,
					check) } : null;
			// The connector's TLS provider (BouncyCastle's public-key arithmetic): the real sidecar's native TLS signs
			// and verifies in tens of microseconds, the JDK 17's P-256 in about a millisecond, which would make this
			// stand-in, in the same process as the client in benchmarks, weigh on every handshake it serves.
			SSLContext context = SSLContext.getInstance("TLS", FastPublicKeyJsse.provider());
			context.init(new KeyManager[] { new SidecarKeyManager(key, chain) }, trustManagers, new SecureRandom());
			return new SidecarTlsContext(context, requireClientCertificate);
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalArgumentException("Invalid sidecar TLS material (" + chain.get(0)
				.getSubjectX500Principal() + "): " + ex.getMessage(), ex);
		}
	}

	private static X509ExtendedTrustManager clientTrust(List<X509Certificate> anchors, ClientCertificateCheck check)
			throws GeneralSecurityException, IOException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		int index = 0;
		for (X509Certificate anchor : anchors) {
			store.setCertificateEntry("anchor-" + index++, anchor);
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
		factory.init(store);
		for (TrustManager manager : factory.getTrustManagers()) {
			if (manager instanceof X509ExtendedTrustManager pkix) {
				return new ClientChainTrustManager(pkix, check);
			}
		}
		throw new IllegalStateException("The JDK's PKIX TrustManagerFactory returned no X509ExtendedTrustManager");
	}

	/**
	 * Layers a server-mode TLS socket over an accepted connection.
	 * @param consumed bytes already read from the plain socket (the first ClientHello byte), or {@code null}
	 */
	SSLSocket wrap(Socket plain, InputStream consumed) throws IOException {
		SSLSocket socket = (SSLSocket) this.context.getSocketFactory().createSocket(plain, consumed, true);
		socket.setUseClientMode(false);
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setProtocols(PROTOCOLS);
		if (this.requireClientCertificate) {
			parameters.setNeedClientAuth(true);
		}
		else {
			parameters.setWantClientAuth(false);
			parameters.setNeedClientAuth(false);
		}
		socket.setSSLParameters(parameters);
		// Pick "postgresql" when offered; clients without ALPN (TeeSQL forwarders, openssl) proceed without one.
		socket.setHandshakeApplicationProtocolSelector(
				(sslSocket, offered) -> offered.contains(ALPN_POSTGRESQL) ? ALPN_POSTGRESQL : "");
		return socket;
	}

}
