package com.teesql.jdbc.attestation;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Date;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.errors.UnsupportedAttestationFormatException;
import com.teesql.jdbc.support.TestKeys;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Certificates built in the test to cover extension shapes the test vectors do not.
 */
class AttestationExtensionDecodingTests {

	@FunctionalInterface
	interface Extensions {

		void add(JcaX509v3CertificateBuilder builder) throws CertIOException;

	}

	private static X509Certificate certificate(Extensions extensions) throws Exception {
		TestKeys.SelfSigned template = TestKeys.selfSigned("ext");
		X500Principal subject = new X500Principal("CN=ext");
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
				new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 60_000), subject,
				template.certificate().getPublicKey());
		extensions.add(builder);
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(template.privateKey())));
	}

	private static ASN1ObjectIdentifier oid(String oid) {
		return new ASN1ObjectIdentifier(oid);
	}

	@Test
	void prefersTheCurrentExtensionOverTheLegacyQuote() throws Exception {
		X509Certificate certificate = certificate((b) -> {
			b.addExtension(oid(RaTlsOids.TDX_QUOTE), false, new DEROctetString(new byte[] { 1, 2, 3 }));
			b.addExtension(oid(RaTlsOids.ATTESTATION), false,
					new DEROctetString(TestVectors.bytes("versioned_attestation_v0.bin")));
		});
		RaTlsEvidence evidence = AttestationExtractor.extract(certificate).orElseThrow();
		assertThat(evidence.source()).isEqualTo(RaTlsEvidence.Source.ATTESTATION_V0);
	}

	@Test
	void refusesAnInnerLayerThatIsNotAnOctetString() throws Exception {
		X509Certificate certificate = certificate(
				(b) -> b.addExtension(oid(RaTlsOids.ATTESTATION), false, new ASN1Integer(5)));
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> AttestationExtractor.extract(certificate))
			.withMessage("extension 1.3.6.1.4.1.62397.1.8: inner OCTET STRING is not an OCTET STRING");
	}

	@Test
	void refusesTrailingBytesAfterTheInnerOctetString() throws Exception {
		byte[] inner = new DEROctetString(new byte[] { 0 }).getEncoded();
		byte[] withTrailing = java.util.Arrays.copyOf(inner, inner.length + 1);
		X509Certificate certificate = certificate((b) -> b.addExtension(oid(RaTlsOids.ATTESTATION), false, withTrailing));
		assertThatExceptionOfType(QuoteFormatException.class)
			.isThrownBy(() -> AttestationExtractor.extract(certificate))
			.withMessageContaining("inner OCTET STRING");
	}

	@Test
	void refusesTruncatedV1EnvelopesInTheCertificate() throws Exception {
		X509Certificate certificate = certificate((b) -> b.addExtension(oid(RaTlsOids.ATTESTATION), false,
				new DEROctetString(new byte[] { (byte) 0x83, (byte) 0xa7, 'v' })));
		assertThatExceptionOfType(QuoteFormatException.class)
			.isThrownBy(() -> AttestationExtractor.extract(certificate))
			.withMessageContaining("msgpack");
	}

	@Test
	void refusesAMalformedLegacyQuote() throws Exception {
		X509Certificate certificate = certificate(
				(b) -> b.addExtension(oid(RaTlsOids.TDX_QUOTE), false, new DEROctetString(new byte[10])));
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> AttestationExtractor.extract(certificate))
			.withMessageContaining("quote truncated");
	}

}
