package com.teesql.jdbc.attestation.dcap;

import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Chain and revocation rules on a generated PKI (root, platform CA, leaf), for cases Intel's vectors cannot
 * produce: a revoked serial, a CRL expiring exactly at {@code now}, unknown critical extensions.
 */
class CertificateChainValidatorTests {

	private static final long NOW = 1800000000L;

	private static final X500Principal ROOT = new X500Principal("CN=Test Root CA");

	private static final X500Principal PLATFORM = new X500Principal("CN=Test Platform CA");

	private KeyPair rootKeys;

	private KeyPair platformKeys;

	private X509Certificate root;

	private X509Certificate platform;

	private X509Certificate leaf;

	@BeforeEach
	void createPki() throws Exception {
		this.rootKeys = TestPki.keyPair();
		this.platformKeys = TestPki.keyPair();
		this.root = TestPki.selfSignedCa(ROOT, this.rootKeys);
		this.platform = TestPki.certificate(PLATFORM, this.platformKeys.getPublic(), ROOT, this.rootKeys.getPrivate(),
				true, null);
		this.leaf = TestPki.certificate(new X500Principal("CN=Test PCK"), TestPki.keyPair().getPublic(), PLATFORM,
				this.platformKeys.getPrivate(), false, null);
	}

	@Test
	void validChainIsAccepted() throws Exception {
		List<X509Certificate> path = validate(List.of(this.leaf, this.platform, this.root), crls(NOW + 1, NOW + 1));
		assertThat(path).containsExactly(this.leaf, this.platform);
	}

	@Test
	void revokedLeafIsRefused() throws Exception {
		CrlSet crls = CrlSet.of(rootCrl(NOW + 1).getEncoded(), TestPki
			.crl(PLATFORM, this.platformKeys.getPrivate(), NOW + 1, false, this.leaf.getSerialNumber())
			.getEncoded());
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> validate(List.of(this.leaf, this.platform), crls))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CERTIFICATE_REVOKED))
			.withMessageContaining("serial " + this.leaf.getSerialNumber().toString(16))
			.withMessageContaining("revoked by the PCK CRL");
	}

	@Test
	void revokedIntermediateIsRefused() throws Exception {
		CrlSet crls = CrlSet.of(
				TestPki.crl(ROOT, this.rootKeys.getPrivate(), NOW + 1, false, this.platform.getSerialNumber())
					.getEncoded(),
				pckCrl(NOW + 1).getEncoded());
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> validate(List.of(this.leaf, this.platform), crls))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CERTIFICATE_REVOKED));
	}

	@Test
	void crlIsExpiredAtItsNextUpdate() throws Exception {
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> validate(List.of(this.leaf, this.platform), crls(NOW + 1, NOW)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CRL_EXPIRED))
			.withMessageContaining("the PCK CRL expired");
	}

	@Test
	void crlWithCriticalIssuingDistributionPointIsRefused() throws Exception {
		CrlSet crls = CrlSet.of(rootCrl(NOW + 1).getEncoded(),
				TestPki.crl(PLATFORM, this.platformKeys.getPrivate(), NOW + 1, true).getEncoded());
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> validate(List.of(this.leaf, this.platform), crls))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CRL_INVALID))
			.withMessageContaining("critical extensions");
	}

	@Test
	void crlSignedByAnotherKeyIsRefused() throws Exception {
		CrlSet crls = CrlSet.of(rootCrl(NOW + 1).getEncoded(),
				TestPki.crl(PLATFORM, TestPki.keyPair().getPrivate(), NOW + 1, false).getEncoded());
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> validate(List.of(this.leaf, this.platform), crls))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CRL_INVALID));
	}

	@Test
	void leafWithUnknownCriticalExtensionIsRefused() throws Exception {
		Extension unknown = new Extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), true,
				new DEROctetString(new byte[] { 5, 0 }));
		X509Certificate odd = TestPki.certificate(new X500Principal("CN=Odd PCK"), TestPki.keyPair().getPublic(),
				PLATFORM, this.platformKeys.getPrivate(), false, unknown);
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> validate(List.of(odd, this.platform), crls(NOW + 1, NOW + 1)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CERTIFICATE_CHAIN_INVALID));
	}

	@Test
	void expiredLeafIsRefused() throws Exception {
		long after = TestPki.NOT_AFTER + 1;
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> new CertificateChainValidator(this.root).validate(List.of(this.leaf, this.platform),
					crls(after + 1, after + 1), after, "test chain"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CERTIFICATE_CHAIN_INVALID));
	}

	@Test
	void chainWithoutItsIntermediateDoesNotAnchor() throws Exception {
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> validate(List.of(this.leaf, this.root), crls(NOW + 1, NOW + 1)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CERTIFICATE_CHAIN_INVALID))
			.withMessageContaining("does not chain to the pinned root");
	}

	private List<X509Certificate> validate(List<X509Certificate> chain, CrlSet crls) throws Exception {
		return new CertificateChainValidator(this.root).validate(chain, crls, NOW, "test chain");
	}

	private CrlSet crls(long rootNextUpdate, long pckNextUpdate) throws Exception {
		return CrlSet.of(rootCrl(rootNextUpdate).getEncoded(), pckCrl(pckNextUpdate).getEncoded());
	}

	private X509CRL rootCrl(long nextUpdate) throws Exception {
		return TestPki.crl(ROOT, this.rootKeys.getPrivate(), nextUpdate, false);
	}

	private X509CRL pckCrl(long nextUpdate) throws Exception {
		return TestPki.crl(PLATFORM, this.platformKeys.getPrivate(), nextUpdate, false);
	}

}
