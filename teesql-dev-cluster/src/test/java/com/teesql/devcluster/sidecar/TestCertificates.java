package com.teesql.devcluster.sidecar;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates real P-256 certificates with BouncyCastle for the sidecar tests: CAs, client certificates and server
 * certificates, plus the files pgjdbc reads ({@code sslcert} PEM, {@code sslkey} PKCS#8 DER).
 */
final class TestCertificates {

	private static final AtomicLong serial = new AtomicLong(System.currentTimeMillis());

	private TestCertificates() {
	}

	/** A key pair with its certificate. */
	record Issued(KeyPair keyPair, X509Certificate certificate) {

		X509Certificate[] chain() {
			return new X509Certificate[] { this.certificate };
		}

	}

	static Issued certificateAuthority(String commonName) {
		KeyPair keyPair = newKeyPair();
		X500Name name = new X500Name("CN=" + commonName);
		return build(name, keyPair, name, keyPair, (builder) -> {
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
		});
	}

	static Issued clientCertificate(Issued issuer, String commonName) {
		KeyPair keyPair = newKeyPair();
		return build(new X500Name("CN=" + commonName), keyPair,
				new X500Name(issuer.certificate().getSubjectX500Principal().getName()), issuer.keyPair(), (builder) -> {
					builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
					builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
					builder.addExtension(Extension.extendedKeyUsage, false,
							new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
				});
	}

	static Issued serverCertificate(String commonName) {
		KeyPair keyPair = newKeyPair();
		X500Name name = new X500Name("CN=" + commonName);
		return build(name, keyPair, name, keyPair, (builder) -> {
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			builder.addExtension(Extension.extendedKeyUsage, false,
					new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
							new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
		});
	}

	static void writeCertificatePem(Path file, X509Certificate... chain) throws IOException {
		StringBuilder pem = new StringBuilder();
		try {
			for (X509Certificate certificate : chain) {
				pem.append("-----BEGIN CERTIFICATE-----\n")
					.append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
						.encodeToString(certificate.getEncoded()))
					.append("\n-----END CERTIFICATE-----\n");
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		Files.writeString(file, pem, StandardCharsets.US_ASCII);
	}

	static void writePkcs8Der(Path file, KeyPair keyPair) throws IOException {
		Files.write(file, keyPair.getPrivate().getEncoded());
	}

	private interface Extensions {

		void add(X509v3CertificateBuilder builder) throws IOException;

	}

	private static Issued build(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
			Extensions extensions) {
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
				BigInteger.valueOf(serial.incrementAndGet()), Date.from(now.minus(Duration.ofMinutes(5))),
				Date.from(now.plus(Duration.ofDays(1))), subject, subjectKeys.getPublic());
		try {
			extensions.add(builder);
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
			return new Issued(subjectKeys, certificate);
		}
		catch (IOException | GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not create test certificate " + subject, ex);
		}
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
