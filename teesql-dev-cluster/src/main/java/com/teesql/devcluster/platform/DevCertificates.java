package com.teesql.devcluster.platform;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Shared building blocks for the dev certificates: P-256 keys, CA certificates, signing and PEM.
 */
final class DevCertificates {

	static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

	private DevCertificates() {
	}

	static KeyPair generateP256(SecureRandom random) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), random);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("JDK cannot generate P-256 keys", ex);
		}
	}

	static SubjectPublicKeyInfo subjectPublicKeyInfo(PublicKey publicKey) {
		return SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
	}

	static BigInteger randomSerial(SecureRandom random) {
		// 127 random bits keep the serial positive and within RFC 5280's 20-octet limit.
		return new BigInteger(127, random).setBit(0);
	}

	static X509Certificate selfSignedCa(KeyPair keyPair, X500Name subject, Instant notBefore, Instant notAfter,
			SecureRandom random) {
		X509v3CertificateBuilder builder = new X509v3CertificateBuilder(subject, randomSerial(random),
				Date.from(notBefore), Date.from(notAfter), subject, subjectPublicKeyInfo(keyPair.getPublic()));
		JcaX509ExtensionUtils extensionUtils = extensionUtils();
		try {
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
			builder.addExtension(Extension.keyUsage, true,
					new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensionUtils.createSubjectKeyIdentifier(keyPair.getPublic()));
		}
		catch (CertIOException ex) {
			throw new UncheckedIOException(ex);
		}
		return sign(builder, keyPair.getPrivate());
	}

	static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
		try {
			ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(issuerKey);
			return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
		}
		catch (OperatorCreationException | CertificateException ex) {
			throw new IllegalStateException("Could not sign a dev certificate", ex);
		}
	}

	static JcaX509ExtensionUtils extensionUtils() {
		try {
			return new JcaX509ExtensionUtils();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("JDK lacks SHA-1 for key identifiers", ex);
		}
	}

	static String pem(List<?> objects) {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			for (Object object : objects) {
				writer.writeObject(object);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return text.toString();
	}

}
