package com.teesql.jdbc.attestation;

import java.security.cert.X509Certificate;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.teesql.jdbc.errors.ReportDataBindingException;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AttestationExtractorTests {

	static final String EXPECTED_REPORT_DATA = "717589ed65d07c5980cd6cb0d60e69505266f5253b5e4c5ea76dbccc55e66767"
			+ "fd0d52d03aadf32f7cac4f63930ea031d9f8af4ca9f5de91216ab62304332d13";

	static final String DERIVED_SPKI = "3059301306072a8648ce3d020106082a8648ce3d03010703420004d65a93977caa3d1b081852ff57a79e"
			+ "465f1660577304baead505dd3a48589cf350185e895372df6221ea3a137557e473fddb6755f05bd507c3c533fce9c91285";

	@Test
	void expectedReportDataMatchesTheVectorReadme() {
		assertThat(Hex.encode(ReportDataBinding.expectedReportData(Hex.decode(DERIVED_SPKI))))
			.isEqualTo(EXPECTED_REPORT_DATA);
	}

	@ParameterizedTest
	@ValueSource(strings = { "cert_oid18_v0_bound_patched_quote.der", "cert_oid18_v0_simulator_attestation.der",
			"cert_oid11_legacy_quote_oid12_eventlog.der", "cert_plain_no_extension.der" })
	void bindingIsComputedFromTheCertificatesSpki(String name) throws Exception {
		X509Certificate certificate = TestVectors.certificate("derived/" + name);
		assertThat(Hex.encode(ReportDataBinding.expectedReportData(certificate))).isEqualTo(EXPECTED_REPORT_DATA);
	}

	@Test
	void boundCertificatePassesBinding() throws Exception {
		X509Certificate certificate = TestVectors.certificate("derived/cert_oid18_v0_bound_patched_quote.der");
		RaTlsEvidence evidence = AttestationExtractor.extract(certificate).orElseThrow();
		assertThat(evidence.source()).isEqualTo(RaTlsEvidence.Source.ATTESTATION_V0);
		assertThat(evidence.attestation()).isPresent();
		assertThat(evidence.quote().bytes())
			.isEqualTo(TestVectors.bytes("derived/quote_v4_reportdata_bound_to_derived_key.bin"));
		assertThat(Hex.encode(evidence.quote().reportData())).isEqualTo(EXPECTED_REPORT_DATA);
		ReportDataBinding.verify(certificate, evidence.quote());
	}

	@Test
	void simulatorAttestationIsExtractedFromOid18AndFailsBinding() throws Exception {
		X509Certificate certificate = TestVectors.certificate("derived/cert_oid18_v0_simulator_attestation.der");
		RaTlsEvidence evidence = AttestationExtractor.extract(certificate).orElseThrow();
		assertThat(evidence.source()).isEqualTo(RaTlsEvidence.Source.ATTESTATION_V0);
		VersionedAttestation envelope = evidence.attestation().orElseThrow();
		assertThat(envelope.quote()).isEqualTo(VersionedAttestation.decode(TestVectors.bytes("versioned_attestation_v0.bin")).quote());
		assertThat(envelope.instanceId()).contains("1691ed1b47506cad7d08834668691d88246f5b1f");
		assertThatExceptionOfType(ReportDataBindingException.class)
			.isThrownBy(() -> ReportDataBinding.verify(certificate, evidence.quote()))
			.withMessageContaining("does not bind the TLS certificate's public key")
			.withMessageContaining(EXPECTED_REPORT_DATA.substring(0, 16));
	}

	@Test
	void legacyQuoteIsExtractedFromOid11AndFailsBinding() throws Exception {
		X509Certificate certificate = TestVectors.certificate("derived/cert_oid11_legacy_quote_oid12_eventlog.der");
		RaTlsEvidence evidence = AttestationExtractor.extract(certificate).orElseThrow();
		assertThat(evidence.source()).isEqualTo(RaTlsEvidence.Source.LEGACY_QUOTE);
		assertThat(evidence.attestation()).isEmpty();
		assertThat(evidence.quote().bytes()).isEqualTo(TestVectors.bytes("tdx_quote_v4.bin"));
		assertThatExceptionOfType(ReportDataBindingException.class)
			.isThrownBy(() -> ReportDataBinding.verify(certificate, evidence.quote()));
	}

	@Test
	void plainCertificateHasNoEvidence() throws Exception {
		X509Certificate certificate = TestVectors.certificate("derived/cert_plain_no_extension.der");
		assertThat(AttestationExtractor.extract(certificate)).isEmpty();
	}

	@Test
	void extensionPayloadIsUnwrappedTwice() throws Exception {
		X509Certificate certificate = TestVectors.certificate("derived/cert_oid18_v0_simulator_attestation.der");
		byte[] payload = AttestationExtractor.extensionPayload(certificate, RaTlsOids.ATTESTATION);
		assertThat(payload).isEqualTo(TestVectors.bytes("versioned_attestation_v0.bin"));
		assertThat(AttestationExtractor.extensionPayload(certificate, RaTlsOids.TDX_QUOTE)).isNull();
		assertThat(Arrays.copyOf(certificate.getExtensionValue(RaTlsOids.ATTESTATION), 2))
			.containsExactly(0x04, 0x82);
	}

}
