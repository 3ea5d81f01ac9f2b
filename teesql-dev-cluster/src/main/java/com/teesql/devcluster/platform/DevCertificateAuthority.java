package com.teesql.devcluster.platform;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * The per-cluster dev application CA: plays the KMS-derived app CA that signs the guest agent's RA-TLS
 * certificates.
 */
public final class DevCertificateAuthority {

	private static final Duration VALIDITY = Duration.ofDays(3650);

	private static final Duration BACKDATE = Duration.ofHours(1);

	private final KeyPair keyPair;

	private final X509Certificate certificate;

	private DevCertificateAuthority(KeyPair keyPair, X509Certificate certificate) {
		this.keyPair = keyPair;
		this.certificate = certificate;
	}

	/**
	 * Creates a CA with a fresh P-256 key and a self-signed certificate named {@code TeeSQL dev app CA <id>}.
	 * @param id a short cluster id for the common name
	 * @param random the randomness source
	 * @return the CA
	 */
	public static DevCertificateAuthority create(String id, SecureRandom random) {
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("CA id must not be blank");
		}
		KeyPair keyPair = DevCertificates.generateP256(random);
		X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "TeeSQL dev app CA " + id)
			.build();
		Instant notBefore = Instant.now().minus(BACKDATE);
		X509Certificate certificate = DevCertificates.selfSignedCa(keyPair, subject, notBefore,
				notBefore.plus(VALIDITY), random);
		return new DevCertificateAuthority(keyPair, certificate);
	}

	/**
	 * The CA certificate (the trust anchor for issued leaves).
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.certificate;
	}

	/**
	 * The CA certificate as PEM.
	 * @return the PEM text
	 */
	public String certificatePem() {
		return DevCertificates.pem(List.of(this.certificate));
	}

	X509Certificate sign(X509v3CertificateBuilder builder) {
		return DevCertificates.sign(builder, this.keyPair.getPrivate());
	}

	@Override
	public String toString() {
		return "DevCertificateAuthority[" + this.certificate.getSubjectX500Principal() + "]";
	}

}
