package com.teesql.devcluster.platform;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;

import com.teesql.jdbc.attestation.RaTlsOids;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/**
 * Test-local reading of issued RA-TLS certificates.
 */
public final class TestCertificates {

	private TestCertificates() {
	}

	/** The {@code .1.8} payload after stripping both OCTET STRING layers, or {@code null} if absent. */
	public static byte[] attestationPayload(X509Certificate certificate) {
		return extensionPayload(certificate, RaTlsOids.ATTESTATION);
	}

	/** The payload of an RA-TLS extension after stripping both OCTET STRING layers, or {@code null} if absent. */
	public static byte[] extensionPayload(X509Certificate certificate, String oid) {
		byte[] extensionValue = certificate.getExtensionValue(oid);
		if (extensionValue == null) {
			return null;
		}
		byte[] inner = ASN1OctetString.getInstance(extensionValue).getOctets();
		return ASN1OctetString.getInstance(inner).getOctets();
	}

	/** The SubjectPublicKeyInfo DER exactly as it appears in the TBS certificate. */
	public static byte[] tbsSpkiDer(X509Certificate certificate) throws Exception {
		return new JcaX509CertificateHolder(certificate).toASN1Structure()
			.getTBSCertificate()
			.getSubjectPublicKeyInfo()
			.getEncoded(ASN1Encoding.DER);
	}

	/** SHA-512("ratls-cert:" ‖ spki), computed independently of the production code. */
	public static byte[] expectedReportData(byte[] spkiDer) throws Exception {
		MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
		sha512.update("ratls-cert:".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		sha512.update(spkiDer);
		return sha512.digest();
	}

}
