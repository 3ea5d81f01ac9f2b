package com.teesql.devcluster.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * The dev stand-in for Intel's provisioning PKI: a root CA (playing "Intel SGX Root CA") and one PCK leaf certificate
 * whose key signs the quoting enclave's report. Every cluster generates its own, so nothing here is trusted outside
 * the tests that pin this root.
 */
public final class DevPki {

	private static final Duration VALIDITY = Duration.ofDays(3650);

	private static final Duration BACKDATE = Duration.ofHours(1);

	private final KeyPair rootKey;

	private final X509Certificate rootCertificate;

	private final KeyPair pckKey;

	private final X509Certificate pckCertificate;

	private DevPki(KeyPair rootKey, X509Certificate rootCertificate, KeyPair pckKey,
			X509Certificate pckCertificate) {
		this.rootKey = rootKey;
		this.rootCertificate = rootCertificate;
		this.pckKey = pckKey;
		this.pckCertificate = pckCertificate;
	}

	/**
	 * Generates a fresh root CA and PCK leaf.
	 * @param random the randomness source
	 * @return the PKI
	 */
	public static DevPki generate(SecureRandom random) {
		// Backdated so that a verifier whose clock is slightly behind still accepts the chain.
		Instant notBefore = Instant.now().minus(BACKDATE);
		Instant notAfter = notBefore.plus(VALIDITY);
		KeyPair rootKey = DevCertificates.generateP256(random);
		X509Certificate root = DevCertificates.selfSignedCa(rootKey,
				new X500Name("CN=TeeSQL Dev SGX Root CA,O=TeeSQL Dev"), notBefore, notAfter, random);
		KeyPair pckKey = DevCertificates.generateP256(random);
		X509Certificate pck = issuePck(rootKey.getPrivate(), root, pckKey, notBefore, notAfter, random);
		return new DevPki(rootKey, root, pckKey, pck);
	}

	private static X509Certificate issuePck(PrivateKey rootPrivateKey, X509Certificate root, KeyPair pckKey,
			Instant notBefore, Instant notAfter, SecureRandom random) {
		try {
			X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
					new JcaX509CertificateHolder(root).getSubject(), DevCertificates.randomSerial(random),
					Date.from(notBefore), Date.from(notAfter),
					new X500Name("CN=TeeSQL Dev SGX PCK Certificate,O=TeeSQL Dev"),
					DevCertificates.subjectPublicKeyInfo(pckKey.getPublic()));
			JcaX509ExtensionUtils extensionUtils = DevCertificates.extensionUtils();
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true,
					new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensionUtils.createSubjectKeyIdentifier(pckKey.getPublic()));
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					extensionUtils.createAuthorityKeyIdentifier(root));
			return DevCertificates.sign(builder, rootPrivateKey);
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException("Could not read the dev root certificate", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The root CA certificate: the trust anchor a verifier of dev quotes pins.
	 * @return the root certificate
	 */
	public X509Certificate rootCertificate() {
		return this.rootCertificate;
	}

	/**
	 * The PCK leaf certificate whose key signs QE reports.
	 * @return the PCK certificate
	 */
	public X509Certificate pckCertificate() {
		return this.pckCertificate;
	}

	/**
	 * The certification chain a quote carries, leaf first.
	 * @return the PCK leaf and the root
	 */
	public List<X509Certificate> pckChain() {
		return List.of(this.pckCertificate, this.rootCertificate);
	}

	/**
	 * The certification chain as the concatenated PEM a quote embeds (certification data type 5).
	 * @return the PEM text
	 */
	public String pckChainPem() {
		return DevCertificates.pem(pckChain());
	}

	PrivateKey pckPrivateKey() {
		return this.pckKey.getPrivate();
	}

	PrivateKey rootPrivateKey() {
		return this.rootKey.getPrivate();
	}

	@Override
	public String toString() {
		return "DevPki[root=" + this.rootCertificate.getSubjectX500Principal() + ", pck="
				+ this.pckCertificate.getSubjectX500Principal() + "]";
	}

}
