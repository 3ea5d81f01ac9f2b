package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.util.Map;

import com.teesql.jdbc.attestation.dcap.DcapVerificationException;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DcapVerificationFailureAnalyzer} in isolation; {@link DevClusterFailureAnalyzersTests} provokes the same
 * refusals through a real connection.
 */
class DcapVerificationFailureAnalyzerTests {

	private final DcapVerificationFailureAnalyzer analyzer = new DcapVerificationFailureAnalyzer(environment());

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
		return this.analyzer.analyze(new IllegalStateException("startup failed", failure));
	}

	private static StandardEnvironment environment() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("teesql.url", "postgresql://teesql_read@db.example.com:5433/app")));
		return environment;
	}

}
