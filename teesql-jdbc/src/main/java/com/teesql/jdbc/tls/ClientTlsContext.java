package com.teesql.jdbc.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.crypto.KeyAgreement;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.jcajce.util.ProviderJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The TLS context of a connector's handshakes for one client certificate: BouncyCastle's JSSE, with the public-key
 * operations (ECDHE key shares, the server's CertificateVerify, the client's own CertificateVerify signature) done by
 * BouncyCastle's provider and everything else (AES-GCM records, digests, HMAC) by the JDK's providers, which use the
 * CPU's AES and SHA instructions. Why: on Java 17 the JDK's P-256 and X25519 arithmetic is an order of magnitude
 * slower than BouncyCastle's, and those operations were most of an attested connection's client CPU (see
 * benchmarks/README.md). Neither provider is installed in the JVM: the choice affects the connector's own sockets,
 * never the application's other TLS.
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

	/**
	 * BouncyCastle's JSSE logs through java.util.logging: at every context creation which security properties it
	 * read (INFO) and which entries of the JDK's {@code jdk.certpath.disabledAlgorithms} it does not understand
	 * (WARNING; they concern JAR signing and public CAs, nothing these handshakes use), and at every failed handshake
	 * the alert (INFO/WARNING), which the connector's own exception already reports with its target. Left alone,
	 * that is noise in every application log at its default level; these loggers are quietened unless the
	 * application configured them itself. Held here: java.util.logging keeps loggers only weakly.
	 */
	private static final List<Logger> QUIET_LOGGERS = quiet("org.bouncycastle.jsse.provider.PropertyUtils",
			"org.bouncycastle.jsse.provider.DisabledAlgorithmConstraints", "org.bouncycastle.jsse.provider.ProvTlsClient");

	private static final Provider CRYPTO = new BouncyCastleProvider();

	private static final Provider JSSE = new BouncyCastleJsseProvider(false, new PublicKeyOpsProvider());

	private final ClientKeyManager keyManager;

	private final CapturingTrustManager trustManager = new CapturingTrustManager();

	private final SSLContext context;

	private ClientTlsContext(ClientKeyManager keyManager) throws GeneralSecurityException {
		this.keyManager = keyManager;
		this.context = SSLContext.getInstance("TLS", JSSE);
		this.context.init(new KeyManager[] { keyManager }, new TrustManager[] { this.trustManager },
				new SecureRandom());
	}

	private static List<Logger> quiet(String... names) {
		List<Logger> loggers = new ArrayList<>();
		for (String name : names) {
			Logger logger = Logger.getLogger(name);
			if (logger.getLevel() == null) {
				logger.setLevel(Level.SEVERE);
			}
			loggers.add(logger);
		}
		return List.copyOf(loggers);
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

	/** The TLS crypto of {@link #JSSE}: public-key operations from BouncyCastle, the rest from the JDK. */
	private static final class PublicKeyOpsProvider extends JcaTlsCryptoProvider {

		private final JcaJceHelper helper = new PublicKeyOpsHelper();

		@Override
		public JcaJceHelper getHelper() {
			return this.helper;
		}

	}

	private static final class PublicKeyOpsHelper extends DefaultJcaJceHelper {

		private final ProviderJcaJceHelper bouncyCastle = new ProviderJcaJceHelper(CRYPTO);

		@Override
		public Signature createSignature(String algorithm) throws NoSuchAlgorithmException {
			return this.bouncyCastle.createSignature(algorithm);
		}

		@Override
		public KeyAgreement createKeyAgreement(String algorithm) throws NoSuchAlgorithmException {
			return this.bouncyCastle.createKeyAgreement(algorithm);
		}

		@Override
		public KeyPairGenerator createKeyPairGenerator(String algorithm) throws NoSuchAlgorithmException {
			return this.bouncyCastle.createKeyPairGenerator(algorithm);
		}

		@Override
		public KeyFactory createKeyFactory(String algorithm) throws NoSuchAlgorithmException {
			return this.bouncyCastle.createKeyFactory(algorithm);
		}

	}

}
