package com.teesql.jdbc.attestation;

import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.MissingAttestationExtensionException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.errors.QuoteVerificationUnavailableException;
import com.teesql.jdbc.errors.ReportDataBindingException;
import com.teesql.jdbc.support.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RaTlsPeerVerifierTests {

	private static final X509Certificate BOUND = TestVectors.certificate("derived/cert_oid18_v0_bound_patched_quote.der");

	private static final X509Certificate SIMULATOR = TestVectors
		.certificate("derived/cert_oid18_v0_simulator_attestation.der");

	private static final X509Certificate PLAIN = TestVectors.certificate("derived/cert_plain_no_extension.der");

	private static RaTlsPeerVerifier verifier(VerifierKind kind, boolean allowSimulator, AttestationPolicy policy) {
		return new RaTlsPeerVerifier(policy, kind.create(), allowSimulator);
	}

	@Test
	void acceptsBoundCertificateWithoutSignatureVerification() throws Exception {
		AttestationResult result = verifier(VerifierKind.NONE, false, AttestationPolicy.DEFAULT).verify(BOUND);
		TdxQuote quote = AttestationExtractor.extract(BOUND).orElseThrow().quote();
		assertThat(result.simulator()).isFalse();
		assertThat(result.mrtd()).isEqualTo(quote.mrTdHex()).hasSize(96);
		assertThat(result.rtmr0()).isEqualTo(quote.rtmrHex(0));
		assertThat(result.rtmr3()).isEqualTo(quote.rtmrHex(3));
		assertThat(result.tcbStatus()).isEqualTo("Unverified");
		assertThat(result.verifierName()).isEqualTo("none");
		assertThat(result.debug()).isFalse();
		assertThat(result.leafSha256()).hasSize(64);
	}

	@Test
	void bindingIsCheckedBeforeTheVerifier() {
		assertThatExceptionOfType(ReportDataBindingException.class)
			.isThrownBy(() -> verifier(VerifierKind.DCAP, false, AttestationPolicy.DEFAULT).verify(SIMULATOR));
		assertThatExceptionOfType(ReportDataBindingException.class)
			.isThrownBy(() -> verifier(VerifierKind.NONE, true, AttestationPolicy.DEFAULT).verify(SIMULATOR));
	}

	@Test
	void dcapIsNotAvailableYet() {
		assertThatExceptionOfType(QuoteVerificationUnavailableException.class)
			.isThrownBy(() -> verifier(VerifierKind.DCAP, false, AttestationPolicy.DEFAULT).verify(BOUND))
			.withMessage("quote signature verification (teesql.attestation.verifier=dcap) is not available in this "
					+ "version; set teesql.attestation.verifier=none to connect without verifying quote signatures "
					+ "(development only)");
	}

	@Test
	void policyIsAppliedAfterTheVerifier() {
		AttestationPolicy policy = AttestationPolicy.builder().allowedMrtd("00".repeat(48)).build();
		assertThatExceptionOfType(MrtdNotAllowedException.class)
			.isThrownBy(() -> verifier(VerifierKind.NONE, false, policy).verify(BOUND));
		assertThatExceptionOfType(QuoteVerificationUnavailableException.class)
			.isThrownBy(() -> verifier(VerifierKind.DCAP, false, policy).verify(BOUND));
	}

	@Test
	void plainCertificateNeedsSimulatorMode() throws Exception {
		assertThatExceptionOfType(MissingAttestationExtensionException.class)
			.isThrownBy(() -> verifier(VerifierKind.NONE, false, AttestationPolicy.DEFAULT).verify(PLAIN))
			.withMessage("upstream cert has no TDX attestation extension; set teesql.allow-simulator=true for "
					+ "non-TEE targets");
		AttestationResult result = verifier(VerifierKind.DCAP, true, AttestationPolicy.DEFAULT).verify(PLAIN);
		assertThat(result.simulator()).isTrue();
		assertThat(result.mrtd()).isNull();
		assertThat(result.leafSha256()).hasSize(64);
	}

}
