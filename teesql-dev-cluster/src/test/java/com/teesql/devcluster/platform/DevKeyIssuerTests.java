package com.teesql.devcluster.platform;

import com.teesql.jdbc.attestation.TdxEventLogEntry;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.teesql.jdbc.attestation.RaTlsOids;
import com.teesql.jdbc.attestation.TdxQuoteLayout;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DevKeyIssuerTests {

	private static final SecureRandom random = new SecureRandom();

	private static final DevTdxPlatform platform = DevTdxPlatform.create(random);

	private static final DevCertificateAuthority ca = DevCertificateAuthority.create("test", random);

	private static final TdIdentity td = TdIdentity.random(random);

	private static final DevKeyIssuer issuer = new DevKeyIssuer(ca, platform, td, random);

	private static final TlsKeyRequest RA_TLS_REQUEST = new TlsKeyRequest("node-1.teesql.test",
			List.of("127.0.0.1", "::1", "localhost"), true, true, true, null, null, false);

	@Test
	void genuineLeafCarriesABoundAttestationInTwoOctetStringLayers() throws Exception {
		IssuedKey issued = issuer.issue(RA_TLS_REQUEST, AttestationKnobs.genuine());
		X509Certificate leaf = issued.leaf();
		assertThat(leaf.getNonCriticalExtensionOIDs()).contains(RaTlsOids.ATTESTATION);
		byte[] payload = TestCertificates.attestationPayload(leaf);
		TestScaleReader.DecodedAttestation attestation = TestScaleReader.decodeV0(payload);
		byte[] quoteReportData = new TestQuoteReader(attestation.quote()).reportData();
		byte[] expected = TestCertificates.expectedReportData(TestCertificates.tbsSpkiDer(leaf));
		assertThat(attestation.reportData()).isEqualTo(quoteReportData).isEqualTo(expected);
		assertThat(attestation.runtimeEvents()).isEqualTo(td.runtimeEvents());
		assertThat(attestation.eventLog()).extracting(TdxEventLogEntry::imr).containsOnly(3L);
		assertThat(attestation.eventLog()).extracting(TdxEventLogEntry::eventType)
			.containsOnly((long) TdxQuoteLayout.DSTACK_RUNTIME_EVENT_TYPE);
		assertThat(attestation.config()).contains("\"vm_config\"");
		assertThat(new TestQuoteReader(attestation.quote()).measurement(TdxQuoteLayout.MR_TD)).isEqualTo(td.mrTd());
		assertQuoteSignatureValid(attestation.quote());
	}

	@Test
	void leafHasRequestedNamesAndUsagesAndChainsToTheAppCa() throws Exception {
		IssuedKey issued = issuer.issue(RA_TLS_REQUEST, AttestationKnobs.genuine());
		X509Certificate leaf = issued.leaf();
		assertThat(issued.chain()).containsExactly(leaf, ca.certificate());
		assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=node-1.teesql.test");
		List<String> altNames = leaf.getSubjectAlternativeNames()
			.stream()
			.map((name) -> name.get(0) + "=" + name.get(1))
			.toList();
		assertThat(altNames).containsExactly("7=127.0.0.1", "7=0:0:0:0:0:0:0:1", "2=localhost");
		assertThat(leaf.getKeyUsage()[0]).isTrue();
		assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
		assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
		assertThat(leaf.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(3649)));
		assertThat(ca.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=TeeSQL dev app CA test");
		PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
		parameters.setRevocationEnabled(false);
		CertPathValidator.getInstance("PKIX")
			.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
	}

	@Test
	void privateKeyPemIsPkcs8AndMatchesTheLeaf() throws Exception {
		IssuedKey issued = issuer.issue(RA_TLS_REQUEST, AttestationKnobs.genuine());
		String pem = issued.privateKeyPem();
		assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
		PrivateKey parsed;
		try (PEMParser parser = new PEMParser(new StringReader(pem))) {
			parsed = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
		}
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(parsed);
		signer.update(new byte[] { 1, 2, 3 });
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(issued.leaf().getPublicKey());
		verifier.update(new byte[] { 1, 2, 3 });
		assertThat(verifier.verify(signature)).isTrue();
		assertThat(issued.chainPem()).hasSize(2)
			.allSatisfy((text) -> assertThat(text).startsWith("-----BEGIN CERTIFICATE-----"));
		assertThat(issued.toString()).doesNotContain(pem.lines().skip(1).findFirst().orElseThrow()).contains("hidden");
	}

	@Test
	void everyCallIssuesAFreshKey() {
		IssuedKey first = issuer.issue(RA_TLS_REQUEST, AttestationKnobs.genuine());
		IssuedKey second = issuer.issue(RA_TLS_REQUEST, AttestationKnobs.genuine());
		assertThat(first.leaf().getPublicKey()).isNotEqualTo(second.leaf().getPublicKey());
	}

	@Test
	void simulatorModeKnobOmitsOnlyTheExtension() throws Exception {
		IssuedKey issued = issuer.issue(RA_TLS_REQUEST, AttestationKnobs.genuine().withRaTlsExtension(false));
		assertThat(issued.leaf().getExtensionValue(RaTlsOids.ATTESTATION)).isNull();
		assertThat(issued.leaf().getExtendedKeyUsage()).hasSize(2);
		issued.leaf().verify(ca.certificate().getPublicKey());
	}

	@Test
	void requestWithoutRaTlsUsageHasNoExtensionAndNoClientAuth() throws Exception {
		IssuedKey issued = issuer.issue(new TlsKeyRequest("", List.of(), false, true, false, null, null, false),
				AttestationKnobs.genuine());
		assertThat(issued.leaf().getExtensionValue(RaTlsOids.ATTESTATION)).isNull();
		assertThat(issued.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=teesql-dev");
		assertThat(issued.leaf().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
	}

	@Test
	void bindOtherKeyKnobBindsADifferentKeyButStaysConsistentAndSigned() throws Exception {
		IssuedKey issued = issuer.issue(RA_TLS_REQUEST, AttestationKnobs.builder().bindOtherKey(true).build());
		TestScaleReader.DecodedAttestation attestation = TestScaleReader
			.decodeV0(TestCertificates.attestationPayload(issued.leaf()));
		byte[] quoteReportData = new TestQuoteReader(attestation.quote()).reportData();
		assertThat(attestation.reportData()).isEqualTo(quoteReportData);
		assertThat(quoteReportData)
			.isNotEqualTo(TestCertificates.expectedReportData(TestCertificates.tbsSpkiDer(issued.leaf())));
		assertQuoteSignatureValid(attestation.quote());
		assertThat(new TestQuoteReader(attestation.quote()).measurement(TdxQuoteLayout.MR_TD)).isEqualTo(td.mrTd());
	}

	@Test
	void debugKnobSetsOnlyTheDebugBit() throws Exception {
		byte[] genuineQuote = quoteOf(issuer.issue(RA_TLS_REQUEST, AttestationKnobs.genuine()));
		byte[] debugQuote = quoteOf(issuer.issue(RA_TLS_REQUEST, AttestationKnobs.genuine().withDebug(true)));
		assertThat(tdAttributes(genuineQuote)).containsExactly(0, 0, 0, 0x10, 0, 0, 0, 0);
		assertThat(tdAttributes(debugQuote)).containsExactly(1, 0, 0, 0x10, 0, 0, 0, 0);
		assertThat(measurements(debugQuote)).isEqualTo(measurements(genuineQuote));
		assertQuoteSignatureValid(debugQuote);
	}

	@Test
	void mrTdKnobReplacesOnlyMrTd() throws Exception {
		byte[] otherMrTd = new byte[48];
		Arrays.fill(otherMrTd, (byte) 0x5a);
		byte[] quote = quoteOf(issuer.issue(RA_TLS_REQUEST, AttestationKnobs.genuine().withMrTd(otherMrTd)));
		TestQuoteReader reader = new TestQuoteReader(quote);
		assertThat(reader.measurement(TdxQuoteLayout.MR_TD)).isEqualTo(otherMrTd);
		assertThat(reader.measurement(TdxQuoteLayout.RTMR3)).isEqualTo(td.rtmr3());
		assertThat(reader.measurement(TdxQuoteLayout.RTMR0)).isEqualTo(td.rtmr0());
		assertThat(tdAttributes(quote)).containsExactly(0, 0, 0, 0x10, 0, 0, 0, 0);
		assertQuoteSignatureValid(quote);
	}

	@Test
	void legacyEvidenceKnobCarriesTheBoundRawQuoteInTheOldExtension() throws Exception {
		IssuedKey issued = issuer.issue(RA_TLS_REQUEST,
				AttestationKnobs.genuine().withEvidence(AttestationKnobs.Evidence.LEGACY_QUOTE));
		X509Certificate leaf = issued.leaf();
		assertThat(leaf.getExtensionValue(RaTlsOids.ATTESTATION)).isNull();
		byte[] quote = TestCertificates.extensionPayload(leaf, RaTlsOids.TDX_QUOTE);
		assertThat(quote).isNotNull();
		TestQuoteReader reader = new TestQuoteReader(quote);
		assertThat(reader.reportData()).isEqualTo(TestCertificates.expectedReportData(TestCertificates.tbsSpkiDer(leaf)));
		// A genuine TD with the instance-id event in RTMR3; only the certificate cannot show the events.
		assertThat(reader.measurement(TdxQuoteLayout.RTMR3)).isEqualTo(td.rtmr3());
		assertQuoteSignatureValid(quote);
	}

	@Test
	void withoutInstanceIdKnobOmitsTheEventAndQuotesTheMatchingRtmr3() throws Exception {
		IssuedKey issued = issuer.issue(RA_TLS_REQUEST,
				AttestationKnobs.genuine().withEvidence(AttestationKnobs.Evidence.VERSIONED_ATTESTATION_WITHOUT_INSTANCE_ID));
		TestScaleReader.DecodedAttestation attestation = TestScaleReader
			.decodeV0(TestCertificates.attestationPayload(issued.leaf()));
		assertThat(attestation.runtimeEvents()).extracting(RuntimeEvent::event)
			.containsExactly("system-preparing", "app-id", "compose-hash", "boot-mr-done", "system-ready");
		byte[] rtmr3 = new TestQuoteReader(attestation.quote()).measurement(TdxQuoteLayout.RTMR3);
		assertThat(rtmr3).isEqualTo(RuntimeEvent.replay(attestation.runtimeEvents())).isNotEqualTo(td.rtmr3());
		assertQuoteSignatureValid(attestation.quote());
	}

	@Test
	void explicitValidityIsHonoured() {
		long notBefore = Instant.now().getEpochSecond() - 60;
		long notAfter = notBefore + 3600;
		IssuedKey issued = issuer.issue(
				new TlsKeyRequest("x", List.of(), true, true, true, notBefore, notAfter, false),
				AttestationKnobs.genuine());
		assertThat(issued.leaf().getNotBefore().toInstant().getEpochSecond()).isEqualTo(notBefore);
		assertThat(issued.leaf().getNotAfter().toInstant().getEpochSecond()).isEqualTo(notAfter);
	}

	@Test
	void badRequestsAreRejectedNamingTheValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> issuer.issue(new TlsKeyRequest("x", List.of("bad name!"), true, true, true, null, null,
					false), AttestationKnobs.genuine()))
			.withMessageContaining("bad name!");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> issuer.issue(new TlsKeyRequest("x", List.of(), true, true, true, 100L, 50L, false),
					AttestationKnobs.genuine()))
			.withMessageContaining("not_after");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> issuer.issue(new TlsKeyRequest("x", List.of(), true, true, true, null, null, true),
					AttestationKnobs.genuine()))
			.withMessageContaining("with_app_info");
	}

	@Test
	void reportDataFormulaMatchesTheSharedVector() {
		byte[] spki = HexFormat.of()
			.parseHex("3059301306072a8648ce3d020106082a8648ce3d03010703420004d65a93977caa3d1b081852ff57a79e465f16605773"
					+ "04baead505dd3a48589cf350185e895372df6221ea3a137557e473fddb6755f05bd507c3c533fce9c91285");
		assertThat(HexFormat.of().formatHex(DevKeyIssuer.raTlsReportData(spki)))
			.isEqualTo("717589ed65d07c5980cd6cb0d60e69505266f5253b5e4c5ea76dbccc55e66767"
					+ "fd0d52d03aadf32f7cac4f63930ea031d9f8af4ca9f5de91216ab62304332d13");
	}

	private static byte[] quoteOf(IssuedKey issued) {
		return TestScaleReader.decodeV0(TestCertificates.attestationPayload(issued.leaf())).quote();
	}

	private static byte[] tdAttributes(byte[] quote) {
		return new TestQuoteReader(quote).reportField(TdxQuoteLayout.TD_ATTRIBUTES, 8);
	}

	private static List<String> measurements(byte[] quote) {
		TestQuoteReader reader = new TestQuoteReader(quote);
		return List.of(TdxQuoteLayout.MR_TD, TdxQuoteLayout.RTMR0, TdxQuoteLayout.RTMR1, TdxQuoteLayout.RTMR2,
				TdxQuoteLayout.RTMR3, TdxQuoteLayout.MR_CONFIG_ID)
			.stream()
			.map((offset) -> HexFormat.of().formatHex(reader.measurement(offset)))
			.toList();
	}

	private static void assertQuoteSignatureValid(byte[] quote) throws Exception {
		TestQuoteReader reader = new TestQuoteReader(quote);
		assertThat(DevTdxPlatformTests.verifyRaw(TestQuoteReader.p256PublicKey(reader.attestationKeyRaw()),
				reader.signedRegion(), reader.isvSignature())).isTrue();
	}

}
