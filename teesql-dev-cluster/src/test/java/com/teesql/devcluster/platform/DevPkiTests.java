package com.teesql.devcluster.platform;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DevPkiTests {

	private static final String SGX = "1.2.840.113741.1.13.1";

	private static final SecureRandom random = new SecureRandom();

	private static final DevPki pki = DevPki.generate(random);

	@Test
	void rootIsASelfSignedCaWithPathLengthOneThatSignsOnlyCertificatesAndCrls() throws Exception {
		X509Certificate root = pki.rootCertificate();
		assertThat(root.getSubjectX500Principal().getName()).contains("CN=TeeSQL Dev SGX Root CA");
		assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
		root.verify(root.getPublicKey());
		assertThat(root.getBasicConstraints()).isEqualTo(1);
		assertThat(root.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
		assertThat(root.getPublicKey().getAlgorithm()).isEqualTo("EC");
		assertThat(root.getSigAlgName()).isEqualTo("SHA256withECDSA");
	}

	@Test
	void platformCaIsIssuedByTheRootAndNamedPlatform() throws Exception {
		X509Certificate platformCa = pki.platformCaCertificate();
		assertThat(platformCa.getSubjectX500Principal().getName()).contains("CN=TeeSQL Dev SGX PCK Platform CA");
		assertThat(platformCa.getIssuerX500Principal()).isEqualTo(pki.rootCertificate().getSubjectX500Principal());
		platformCa.verify(pki.rootCertificate().getPublicKey());
		assertThat(platformCa.getBasicConstraints()).isZero();
		assertThat(platformCa.getKeyUsage()[6]).as("cRLSign").isTrue();
	}

	@Test
	void pckLeafIsAnEndEntityOfThePlatformCa() throws Exception {
		X509Certificate pck = pki.pckCertificate();
		assertThat(pck.getBasicConstraints()).isEqualTo(-1);
		assertThat(pck.getIssuerX500Principal()).isEqualTo(pki.platformCaCertificate().getSubjectX500Principal());
		pck.verify(pki.platformCaCertificate().getPublicKey());
		assertThat(pck.getCriticalExtensionOIDs()).doesNotContain(SGX);
		assertThat(pki.pckChain()).containsExactly(pck, pki.platformCaCertificate(), pki.rootCertificate());
	}

	@Test
	void pckLeafCarriesTheSgxExtensionForTheDefaultTcb() throws Exception {
		PlatformTcb tcb = PlatformTcb.defaults();
		Map<String, ASN1Encodable> values = pairs(
				ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(ASN1OctetString
					.getInstance(pki.pckCertificate().getExtensionValue(SGX))
					.getOctets())));
		assertThat(values).containsOnlyKeys(SGX + ".1", SGX + ".2", SGX + ".3", SGX + ".4", SGX + ".5");
		assertThat(octets(values.get(SGX + ".1"))).isEqualTo(pki.ppid()).hasSize(16);
		assertThat(octets(values.get(SGX + ".3"))).containsExactly(0, 0);
		assertThat(octets(values.get(SGX + ".4"))).isEqualTo(HexFormat.of().parseHex("00de7f000000"));
		assertThat(pki.fmspcHex()).isEqualTo(DevPki.DEFAULT_FMSPC);
		assertThat(ASN1Enumerated.getInstance(values.get(SGX + ".5")).intValueExact()).isEqualTo(1);
		Map<String, ASN1Encodable> tcbValues = pairs(ASN1Sequence.getInstance(values.get(SGX + ".2")));
		assertThat(tcbValues).hasSize(18);
		byte[] cpuSvn = tcb.cpuSvn();
		for (int i = 0; i < 16; i++) {
			assertThat(ASN1Integer.getInstance(tcbValues.get(SGX + ".2." + (i + 1))).intValueExact())
				.isEqualTo(cpuSvn[i] & 0xFF);
		}
		assertThat(ASN1Integer.getInstance(tcbValues.get(SGX + ".2.17")).intValueExact()).isEqualTo(tcb.pceSvn());
		assertThat(octets(tcbValues.get(SGX + ".2.18"))).isEqualTo(cpuSvn);
	}

	@Test
	void tcbSigningCertificateIsAnEndEntityOfTheRoot() throws Exception {
		X509Certificate signing = pki.tcbSigningCertificate();
		assertThat(signing.getSubjectX500Principal().getName()).contains("CN=Intel SGX TCB Signing");
		assertThat(signing.getBasicConstraints()).isEqualTo(-1);
		signing.verify(pki.rootCertificate().getPublicKey());
		assertThat(DevCertificatesPem.parse(pki.tcbSigningChainPem())).containsExactly(signing, pki.rootCertificate());
		assertThat(DevCertificatesPem.parse(pki.pckCrlIssuerChainPem())).containsExactly(pki.platformCaCertificate(),
				pki.rootCertificate());
	}

	@Test
	void crlsAreSignedByTheirIssuersAndListTheGivenSerials() throws Exception {
		Instant thisUpdate = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Instant nextUpdate = thisUpdate.plus(30, ChronoUnit.DAYS);
		X509CRL rootCrl = crl(pki.rootCaCrl(thisUpdate, nextUpdate));
		rootCrl.verify(pki.rootCertificate().getPublicKey());
		assertThat(rootCrl.getIssuerX500Principal()).isEqualTo(pki.rootCertificate().getSubjectX500Principal());
		assertThat(rootCrl.getNextUpdate().toInstant()).isEqualTo(nextUpdate);
		assertThat(rootCrl.getRevokedCertificates()).isNull();
		BigInteger serial = pki.pckCertificate().getSerialNumber();
		X509CRL pckCrl = crl(pki.pckCrl(thisUpdate, nextUpdate, List.of(serial)));
		pckCrl.verify(pki.platformCaCertificate().getPublicKey());
		assertThat(pckCrl.getIssuerX500Principal()).isEqualTo(pki.platformCaCertificate().getSubjectX500Principal());
		assertThat(pckCrl.isRevoked(pki.pckCertificate())).isTrue();
		assertThat(pckCrl.getCriticalExtensionOIDs()).isNullOrEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> pki.rootCaCrl(nextUpdate, thisUpdate))
			.withMessageContaining(nextUpdate.toString());
	}

	@Test
	void aPlatformWithAnotherTcbGetsItsOwnPckFromTheSameCas() {
		PlatformTcb defaults = PlatformTcb.defaults();
		PlatformTcb newer = new PlatformTcb(defaults.teeTcbSvn(), defaults.mrSeam(), defaults.xfam(),
				HexFormat.of().parseHex("0404191b04ff00060000000000000000"), defaults.qeSvn(), defaults.pceSvn() + 1);
		assertThat(pki.certifies(defaults)).isTrue();
		assertThat(pki.certifies(newer)).isFalse();
		DevTdxPlatform platform = DevTdxPlatform.create(pki, newer, QuotingEnclaveIdentity.defaults(), random);
		assertThat(platform.pki().certifies(newer)).isTrue();
		assertThat(platform.pki().rootCertificate()).isEqualTo(pki.rootCertificate());
		assertThat(platform.pki().platformCaCertificate()).isEqualTo(pki.platformCaCertificate());
		assertThat(platform.pki().ppid()).isEqualTo(pki.ppid());
		assertThat(platform.pki().pckCertificate()).isNotEqualTo(pki.pckCertificate());
		assertThat(DevTdxPlatform.create(pki, defaults, QuotingEnclaveIdentity.defaults(), random).pki())
			.isSameAs(pki);
	}

	@Test
	void fmspcMustBeSixBytesOfHex() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DevPki.generate(PlatformTcb.defaults(), "00DE7F", random))
			.withMessageContaining("'00DE7F'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DevPki.generate(PlatformTcb.defaults(), "zz0000000000", random))
			.withMessageContaining("'zz0000000000'");
		assertThat(DevPki.generate(PlatformTcb.defaults(), "90c06f000000", random).fmspcHex())
			.isEqualTo("90C06F000000");
	}

	@Test
	void toStringNamesTheRootButNoKey() {
		assertThat(pki.toString()).contains("TeeSQL Dev SGX Root CA", DevPki.DEFAULT_FMSPC)
			.doesNotContainIgnoringCase("private");
	}

	private static Map<String, ASN1Encodable> pairs(ASN1Sequence sequence) {
		Map<String, ASN1Encodable> values = new HashMap<>();
		for (ASN1Encodable element : sequence) {
			ASN1Sequence pair = ASN1Sequence.getInstance(element);
			assertThat(pair.size()).isEqualTo(2);
			values.put(ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId(), pair.getObjectAt(1));
		}
		return values;
	}

	private static byte[] octets(ASN1Encodable value) {
		return ASN1OctetString.getInstance(value).getOctets();
	}

	private static X509CRL crl(byte[] der) throws Exception {
		return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
	}

}
