package com.teesql.jdbc.tls;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.crypto.KeyAgreement;

import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.jcajce.util.ProviderJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The JSSE provider of the connector's TLS: BouncyCastle's JSSE, with the public-key operations (ECDHE key shares,
 * CertificateVerify signatures and their verification) done by BouncyCastle's provider and everything else (AES-GCM
 * records, digests, HMAC) by the JDK's providers, which use the CPU's AES and SHA instructions. Why: on Java 17 the
 * JDK's P-256 and X25519 arithmetic is an order of magnitude slower than BouncyCastle's, and those operations were
 * most of an attested connection's client CPU (see benchmarks/README.md). Neither provider is installed in the JVM:
 * only sockets of contexts made from {@link #provider()} use them, never the application's other TLS. (The dev
 * cluster's sidecar uses it too, standing in for the real sidecar's native TLS.)
 */
public final class FastPublicKeyJsse {

	/**
	 * BouncyCastle's JSSE logs through java.util.logging: at every context creation which security properties it
	 * read (INFO) and which entries of the JDK's {@code jdk.certpath.disabledAlgorithms} it does not understand
	 * (WARNING; they concern JAR signing and public CAs, nothing these handshakes use), and at every failed handshake
	 * the alert (INFO/WARNING), which the connector's own exception already reports with its target. Left alone,
	 * that is noise in every application log at its default level; these loggers are quietened unless the
	 * application configured them itself. Held here: java.util.logging keeps loggers only weakly.
	 */
	private static final List<Logger> QUIET_LOGGERS = quiet("org.bouncycastle.jsse.provider.PropertyUtils",
			"org.bouncycastle.jsse.provider.DisabledAlgorithmConstraints", "org.bouncycastle.jsse.provider.ProvTlsClient",
			"org.bouncycastle.jsse.provider.ProvTlsServer");

	private static final Provider CRYPTO = new BouncyCastleProvider();

	private static final Provider JSSE = new BouncyCastleJsseProvider(false, new PublicKeyOpsProvider());

	private FastPublicKeyJsse() {
	}

	/**
	 * The provider, for {@code SSLContext.getInstance("TLS", provider())}.
	 * @return the provider (one per JVM)
	 */
	public static Provider provider() {
		return JSSE;
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
