package com.teesql.jdbc.attestation;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.MissingAttestationExtensionException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.errors.ReportDataBindingException;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException;
import com.teesql.jdbc.support.FixtureDcap;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RaTlsPeerVerifierTests {

	private static final X509Certificate BOUND = TestVectors.certificate("derived/cert_oid18_v0_bound_patched_quote.der");

	private static final X509Certificate SIMULATOR = TestVectors
		.certificate("derived/cert_oid18_v0_simulator_attestation.der");

	private static final X509Certificate PLAIN = TestVectors.certificate("derived/cert_plain_no_extension.der");

	private static RaTlsPeerVerifier verifier(VerifierKind kind, boolean allowSimulator, AttestationPolicy policy) {
		try {
			return new RaTlsPeerVerifier(policy,
					QuoteVerifiers.create(QuoteVerifierSettings.builder().kind(kind).build()), allowSimulator);
		}
		catch (AttestationException ex) {
			throw new AssertionError(ex);
		}
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
	void aQuoteReplayedIntoANewCertificateFailsDcap(@TempDir Path tempDir) {
		// The bound certificate carries Intel's real quote with REPORTDATA patched to bind the new key: the binding
		// check passes, so only the quote signature can catch the replay.
		RaTlsPeerVerifier dcap = new RaTlsPeerVerifier(AttestationPolicy.DEFAULT, FixtureDcap.verifier(tempDir), false);
		assertThatExceptionOfType(DcapVerificationException.class).isThrownBy(() -> dcap.verify(BOUND))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DcapVerificationException.Reason.QUOTE_SIGNATURE_INVALID));
	}

	@Test
	void policyIsAppliedAfterTheVerifier() {
		AttestationPolicy policy = AttestationPolicy.builder().allowedMrtd("00".repeat(48)).build();
		assertThatExceptionOfType(MrtdNotAllowedException.class)
			.isThrownBy(() -> verifier(VerifierKind.NONE, false, policy).verify(BOUND));
		assertThatExceptionOfType(MrtdNotAllowedException.class)
			.isThrownBy(() -> verifier(VerifierKind.NONE, true, policy).verify(BOUND));
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
