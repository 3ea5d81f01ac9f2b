package com.teesql.jdbc.attestation.ita;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.teesql.jdbc.errors.AttestationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;

class IntelTrustAuthorityConfigTests {

	private static final String API_KEY = "djE6ZGV2LWtleS1zZWNyZXQtMTIzNDU2Nzg5";

	private static final String MISSING_KEY_MESSAGE = "Intel Trust Authority API key required. "
			+ "Set teesql.attestation.intel-trust-authority.api-key "
			+ "or the INTEL_TRUST_AUTHORITY_API_KEY environment variable. "
			+ "Register at https://portal.trustauthority.intel.com";

	@Test
	void defaultsMatchIntelsPublicService() {
		IntelTrustAuthorityConfig config = IntelTrustAuthorityConfig.builder().apiKey(API_KEY).build();
		assertThat(config.baseUrl()).hasToString("https://api.trustauthority.intel.com");
		assertThat(config.attestUrl()).hasToString("https://api.trustauthority.intel.com/appraisal/v2/attest");
		assertThat(config.jwksUrl()).hasToString("https://portal.trustauthority.intel.com/certs");
		assertThat(config.expectedIssuers()).containsExactlyInAnyOrder("Intel Trust Authority", "Trust Authority");
		assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(config.jwksTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(60));
		assertThat(config.apiKey()).isEqualTo(API_KEY);
	}

	@Test
	void trailingSlashesOfTheBaseUrlAreTrimmed() {
		IntelTrustAuthorityConfig config = IntelTrustAuthorityConfig.builder()
			.apiKey(API_KEY)
			.baseUrl("https://api.eu.trustauthority.intel.com//")
			.build();
		assertThat(config.attestUrl()).hasToString("https://api.eu.trustauthority.intel.com/appraisal/v2/attest");
	}

	@Test
	void expectedIssuerIsConfigurable() {
		IntelTrustAuthorityConfig config = IntelTrustAuthorityConfig.builder()
			.apiKey(API_KEY)
			.expectedIssuer("Custom Authority")
			.build();
		assertThat(config.expectedIssuers()).containsExactly("Custom Authority");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IntelTrustAuthorityConfig.builder().apiKey(API_KEY).expectedIssuers(Set.of()).build())
			.withMessageContaining("expected issuers must not be empty");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:8080", "http://127.0.0.1:1234/", "http://[::1]:9/",
			"https://ita.example.com" })
	void httpsOrLoopbackHttpIsAccepted(String url) {
		assertThat(IntelTrustAuthorityConfig.builder().apiKey(API_KEY).baseUrl(url).jwksUrl(url).build().baseUrl())
			.isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://api.trustauthority.intel.com", "http://127.0.0.1.example.com",
			"ftp://api.trustauthority.intel.com", "not a url", "https://user@ita.example.com",
			"https://ita.example.com?x=1", "/relative/path" })
	void otherUrlsAreRefusedNamingTheValue(String url) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IntelTrustAuthorityConfig.builder().apiKey(API_KEY).baseUrl(url).build())
			.withMessageContaining(url.strip());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IntelTrustAuthorityConfig.builder().apiKey(API_KEY).jwksUrl(url).build())
			.withMessageContaining("JWKS URL");
	}

	@Test
	void timeoutsMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IntelTrustAuthorityConfig.builder().apiKey(API_KEY).requestTimeout(Duration.ZERO).build())
			.withMessageContaining("request timeout must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IntelTrustAuthorityConfig.builder()
				.apiKey(API_KEY)
				.jwksTimeout(Duration.ofSeconds(-1))
				.build())
			.withMessageContaining("JWKS timeout must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IntelTrustAuthorityConfig.builder()
				.apiKey(API_KEY)
				.clockSkew(Duration.ofSeconds(-1))
				.build())
			.withMessageContaining("clock skew must not be negative");
	}

	@Test
	void apiKeyNeverAppearsInToStringOrMessages() {
		IntelTrustAuthorityConfig.Builder builder = IntelTrustAuthorityConfig.builder().apiKey(API_KEY);
		assertThat(builder.toString()).doesNotContain(API_KEY).contains("(redacted)");
		assertThat(builder.build().toString()).doesNotContain(API_KEY).contains("(redacted)");
		String withNewline = API_KEY + "\r\nX-Injected: 1";
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IntelTrustAuthorityConfig.builder().apiKey(withNewline).build())
			.withMessageNotContaining(API_KEY)
			.withMessageContaining("not allowed in an HTTP header");
		assertThatIllegalArgumentException().isThrownBy(() -> IntelTrustAuthorityConfig.builder().apiKey(" ").build())
			.withMessageContaining("must not be blank");
	}

	@Test
	void resolveApiKeyPrefersTheConfiguredValue() throws AttestationException {
		Map<String, String> environment = Map.of("INTEL_TRUST_AUTHORITY_API_KEY", "from-env");
		assertThat(IntelTrustAuthorityConfig.resolveApiKey(" configured ", environment::get)).isEqualTo("configured");
		assertThat(IntelTrustAuthorityConfig.resolveApiKey(null, environment::get)).isEqualTo("from-env");
		assertThat(IntelTrustAuthorityConfig.resolveApiKey("  ", environment::get)).isEqualTo("from-env");
	}

	@Test
	void resolveApiKeyWithoutAnyKeyFailsWithTheDocumentedMessage() {
		assertThatExceptionOfType(IntelTrustAuthorityApiKeyMissingException.class)
			.isThrownBy(() -> IntelTrustAuthorityConfig.resolveApiKey(null, (name) -> null))
			.withMessage(MISSING_KEY_MESSAGE);
		assertThatExceptionOfType(IntelTrustAuthorityApiKeyMissingException.class)
			.isThrownBy(() -> IntelTrustAuthorityConfig.resolveApiKey("", (name) -> " "))
			.withMessage(MISSING_KEY_MESSAGE);
	}

	@Test
	void resolveApiKeyReadsTheRealEnvironment() {
		assumeThat(System.getenv("INTEL_TRUST_AUTHORITY_API_KEY")).as("INTEL_TRUST_AUTHORITY_API_KEY is set here")
			.isNull();
		assertThatExceptionOfType(IntelTrustAuthorityApiKeyMissingException.class)
			.isThrownBy(() -> IntelTrustAuthorityConfig.resolveApiKey(null))
			.withMessage(MISSING_KEY_MESSAGE)
			.isInstanceOf(AttestationException.class);
	}

}
