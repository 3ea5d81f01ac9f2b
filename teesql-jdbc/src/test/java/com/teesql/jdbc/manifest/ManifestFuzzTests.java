package com.teesql.jdbc.manifest;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.support.Fuzz;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link ManifestParser#parse} and {@link ManifestVerifier#verify(String)} on mutated vector and fixture
 * manifests (see {@link ManifestText}): only {@link ManifestException} subtypes, bounded time and memory, and an
 * accepted manifest is about the expected signer. Sizes and seed: see {@link Fuzz}.
 */
class ManifestFuzzTests {

	@Test
	void parserOnlyEverRefusesWithManifestException() throws Exception {
		Fuzz.Outcomes outcomes = Fuzz.<String>target("ManifestParser.parse")
			.accepting(ManifestException.class)
			.timeout(Duration.ofSeconds(2))
			.run(Fuzz.tries(1), ManifestText::generate, (txt) -> {
				ParsedManifest parsed = ManifestParser.parse(txt);
				assertThat(txt).contains("sig=");
				assertThat(parsed).isNotNull();
			});
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

	@Test
	void verifierOnlyEverRefusesWithManifestException() throws Exception {
		ManifestVerifier verifier = ManifestText.verifier();
		Fuzz.Outcomes outcomes = Fuzz.<String>target("ManifestVerifier.verify")
			.accepting(ManifestException.class)
			.timeout(Duration.ofSeconds(2))
			.run(Fuzz.tries(0.5), ManifestText::generate, (txt) -> {
				LeaderManifest manifest = verifier.verify(txt);
				assertThat(manifest.recoveredSigner()).isEqualToIgnoringCase(FixtureSigner.ADDRESS);
				assertThat(manifest.validUntil()).isGreaterThan(ManifestText.NOW - 60);
			});
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

}
