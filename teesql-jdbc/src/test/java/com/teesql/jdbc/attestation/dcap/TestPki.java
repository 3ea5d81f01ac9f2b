package com.teesql.jdbc.attestation.dcap;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates real P-256 certificates and CRLs for cases the Intel vectors cannot provide (another root, a revoked
 * serial), signed with ECDSA/SHA-256 like Intel's.
 */
final class TestPki {

	static final long NOT_BEFORE = 1700000000L;

	static final long NOT_AFTER = 1900000000L;

	private static long serial = 1000;

	private TestPki() {
	}

	static KeyPair keyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	static X509Certificate certificate(X500Principal subject, PublicKey subjectKey, X500Principal issuer,
			PrivateKey issuerKey, boolean ca, Extension extra) throws Exception {
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, nextSerial(),
				new Date(NOT_BEFORE * 1000), new Date(NOT_AFTER * 1000), subject, subjectKey);
		if (ca) {
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
		}
		else {
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
		}
		if (extra != null) {
			builder.addExtension(extra);
		}
		return new JcaX509CertificateConverter().getCertificate(builder.build(signer(issuerKey)));
	}

	static X509Certificate selfSignedCa(X500Principal subject, KeyPair keys) throws Exception {
		return certificate(subject, keys.getPublic(), subject, keys.getPrivate(), true, null);
	}

	/**
	 * A CRL by {@code issuer}, valid until {@code nextUpdate}, listing {@code revoked} serials.
	 */
	static X509CRL crl(X500Principal issuer, PrivateKey issuerKey, long nextUpdate, boolean criticalIdp,
			BigInteger... revoked) throws Exception {
		X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(issuer, new Date(NOT_BEFORE * 1000));
		builder.setNextUpdate(new Date(nextUpdate * 1000));
		for (BigInteger serialNumber : revoked) {
			builder.addCRLEntry(serialNumber, new Date(NOT_BEFORE * 1000), CRLReason.keyCompromise);
		}
		if (criticalIdp) {
			builder.addExtension(Extension.issuingDistributionPoint, true,
					new IssuingDistributionPoint(null, true, false));
		}
		return new JcaX509CRLConverter().getCRL(builder.build(signer(issuerKey)));
	}

	private static ContentSigner signer(PrivateKey key) throws Exception {
		return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
	}

	private static synchronized BigInteger nextSerial() {
		return BigInteger.valueOf(serial++);
	}

}
