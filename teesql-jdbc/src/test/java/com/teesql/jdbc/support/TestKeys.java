package com.teesql.jdbc.support;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.Arrays;
import java.util.Date;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Key material for tests: the derived vectors' P-256 key (scalar 32×0x22) and freshly generated client certificates.
 */
public final class TestKeys {

	private TestKeys() {
	}

	/** The private key of every certificate in {@code vectors/derived}. */
	public static PrivateKey derivedVectorKey() throws Exception {
		AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
		parameters.init(new ECGenParameterSpec("secp256r1"));
		ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
		byte[] scalar = new byte[32];
		Arrays.fill(scalar, (byte) 0x22);
		return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), spec));
	}

	/** A self-signed P-256 certificate with a fresh key. */
	public static SelfSigned selfSigned(String commonName) throws Exception {
		long now = System.currentTimeMillis();
		return selfSigned(commonName, new Date(now - 60_000), new Date(now + 3_600_000));
	}

	/** A self-signed P-256 certificate with a fresh key, valid from {@code notBefore} to {@code notAfter}. */
	public static SelfSigned selfSigned(String commonName, Date notBefore, Date notAfter) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair keyPair = generator.generateKeyPair();
		X500Principal subject = new X500Principal("CN=" + commonName);
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
				new BigInteger(64, new java.security.SecureRandom()), notBefore, notAfter, subject, keyPair.getPublic());
		X509Certificate certificate = new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
		return new SelfSigned(keyPair.getPrivate(), certificate);
	}

	public static String pem(Object object) throws Exception {
		StringWriter writer = new StringWriter();
		try (JcaPEMWriter pemWriter = new JcaPEMWriter(writer)) {
			pemWriter.writeObject(object);
		}
		return writer.toString();
	}

	public record SelfSigned(PrivateKey privateKey, X509Certificate certificate) {

		/** PKCS#8 PEM of the key. */
		public String keyPem() throws Exception {
			return pem(new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", this.privateKey.getEncoded()));
		}

		public String certificatePem() throws Exception {
			return pem(this.certificate);
		}

	}

}
