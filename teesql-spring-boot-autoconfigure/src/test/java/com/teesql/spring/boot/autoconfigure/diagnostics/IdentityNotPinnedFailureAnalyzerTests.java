package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.errors.IdentityNotPinnedException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IdentityNotPinnedFailureAnalyzer} on its own: what it says for a refusal wrapped as Boot wraps it. The end to
 * end reports (a real application failing to start) are in {@link ConfigurationFailureAnalyzersTests} and
 * {@link DevClusterFailureAnalyzersTests}.
 */
class IdentityNotPinnedFailureAnalyzerTests {

	private static final String SECRET = "5e".repeat(32);

	@Test
	void explainsWhatToPinAndWhereTheValuesComeFrom() {
		MockEnvironment environment = new MockEnvironment().withProperty("teesql.url",
				"postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app");
		FailureAnalysis analysis = analyze(environment, new IdentityNotPinnedException("db.example.com:5433", false));
		assertThat(analysis.getDescription()).isEqualTo("No identity pin for the TeeSQL cluster at db.example.com:5433: "
				+ "teesql.attestation.allowed-app-id, teesql.attestation.allowed-compose-hash and "
				+ "teesql.attestation.kms-root-ca are all empty, so any genuine TDX machine (any dstack app, on any "
				+ "host) would be accepted and sent the cluster secret.");
		assertThat(analysis.getAction()).contains("teesql.attestation.allowed-app-id ")
			.contains("teesql.attestation.allowed-compose-hash ")
			.contains("teesql.attestation.kms-root-ca ")
			.contains("Get the values from the cluster's operator")
			.contains("teesql-cli pin --url postgresql://teesql_readwrite@db.example.com:5433\n")
			.contains("Confirm every value with the operator before using it")
			.contains("teesql.attestation.require-identity=false")
			.doesNotContain(SECRET);
		assertThat(analysis.getCause()).isInstanceOf(IdentityNotPinnedException.class);
	}

	@Test
	void saysWhyMeasurementsAreNotEnough() {
		FailureAnalysis analysis = analyze(new MockEnvironment(),
				new IdentityNotPinnedException("10.0.0.5:5433", true));
		assertThat(analysis.getDescription()).endsWith("The configured allowed-mrtd/allowed-rtmr values identify a "
				+ "CVM image, which anyone can deploy, not your cluster.");
		// Without teesql.url the role is unknown: the read-only role is enough to attest.
		assertThat(analysis.getAction()).contains("teesql-cli pin --url postgresql://teesql_read@10.0.0.5:5433\n");
	}

	private static FailureAnalysis analyze(MockEnvironment environment, IdentityNotPinnedException refusal) {
		return new IdentityNotPinnedFailureAnalyzer(environment)
			.analyze(new BeanCreationException("teesqlConnectorRegistration", "creation failed", refusal));
	}

}
