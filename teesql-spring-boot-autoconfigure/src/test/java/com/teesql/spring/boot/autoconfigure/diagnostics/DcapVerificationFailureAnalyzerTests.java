package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.attestation.dcap.DcapVerificationException;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DcapVerificationFailureAnalyzer} in isolation; {@link DevClusterFailureAnalyzersTests} provokes the same
 * refusals through a real connection.
 */
class DcapVerificationFailureAnalyzerTests {

	private final DcapVerificationFailureAnalyzer analyzer = new DcapVerificationFailureAnalyzer();

	@Test
	void collateralNotSignedByIntelsTcbSignerPointsAtTheCollateralSource() {
		for (Reason reason : new Reason[] { Reason.TCB_SIGNER_IS_PCK_CERTIFICATE, Reason.TCB_SIGNER_NOT_ISSUED_BY_ROOT,
				Reason.TCB_SIGNER_SUBJECT_MISMATCH, Reason.PCE_ID_MISMATCH }) {
			FailureAnalysis analysis = analyze(new DcapVerificationException(reason, "the refusal"));
			assertThat(analysis.getDescription()).as(reason.name())
				.isEqualTo("The TDX quote of the server at db.example.com:5433 failed DCAP verification (" + reason
						+ "): the refusal");
			assertThat(analysis.getAction()).as(reason.name())
				.startsWith("The DCAP collateral from teesql.attestation.dcap.pccs-url")
				.contains("Treat that collateral source as compromised")
				.contains("teesql.attestation.dcap.root-ca (test platforms only)");
		}
	}

	@Test
	void everyReasonHasAnAction() {
		for (Reason reason : Reason.values()) {
			FailureAnalysis analysis = analyze(new DcapVerificationException(reason, "the refusal"));
			assertThat(analysis.getAction()).as(reason.name()).isNotBlank().doesNotContain("null");
		}
	}

	private FailureAnalysis analyze(DcapVerificationException failure) {
		// The connector that was refused names its target on the exception.
		failure.withTarget("db.example.com:5433");
		return this.analyzer.analyze(new IllegalStateException("startup failed", failure));
	}

	@Test
	void aRefusalWithoutTargetSaysTheTeeSqlCluster() {
		FailureAnalysis analysis = this.analyzer.analyze(new IllegalStateException("startup failed",
				new DcapVerificationException(Reason.PCE_ID_MISMATCH, "the refusal")));
		assertThat(analysis.getDescription()).startsWith("The TDX quote of the TeeSQL cluster failed DCAP verification");
	}

}
