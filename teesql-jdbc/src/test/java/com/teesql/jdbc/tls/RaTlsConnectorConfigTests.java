package com.teesql.jdbc.tls;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.QuoteVerifierSettings;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;

class RaTlsConnectorConfigTests {

	private static final String API_KEY = "ita-secret-key-" + "7".repeat(20);

	private static RaTlsConnectorConfig.Builder pinned(String host) {
		return RaTlsConnectorConfig.builder(host, 5433)
			.policy(AttestationPolicy.builder().allowedAppIds(List.of(TestVectors.APP_ID)).build());
	}

	@Test
	void equalSettingsMakeEqualConfigs() {
		RaTlsConnectorConfig first = pinned("db.example.com").handshakeTimeout(Duration.ofSeconds(7)).build();
		RaTlsConnectorConfig second = pinned("db.example.com").handshakeTimeout(Duration.ofSeconds(7)).build();
		assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
		assertThat(first).isNotEqualTo(pinned("db.example.com").build());
		assertThat(first).isNotEqualTo(pinned("other.example.com").handshakeTimeout(Duration.ofSeconds(7)).build());
		assertThat(first).isNotEqualTo(pinned("db.example.com").handshakeTimeout(Duration.ofSeconds(7))
			.verifier(VerifierKind.NONE)
			.build());
		assertThat(first).isNotEqualTo(RaTlsConnectorConfig.builder("db.example.com", 5433)
			.handshakeTimeout(Duration.ofSeconds(7))
			.build());
	}

	@Test
	void toBuilderKeepsEverySettingButTheTarget() {
		RaTlsConnectorConfig config = pinned("db.example.com").sslNegotiation(SslNegotiation.POSTGRES)
			.connectTimeout(Duration.ofSeconds(3))
			.handshakeTimeout(Duration.ofSeconds(4))
			.allowSimulator(true)
			.dstackEndpoint("http://127.0.0.1:1")
			.dstackTimeout(Duration.ofSeconds(6))
			.verifier(QuoteVerifierSettings.builder().pccsUrl(URI.create("https://pccs.example.com")).build())
			.cacheTtl(Duration.ZERO)
			.requireIdentity(false)
			.build();
		RaTlsConnectorConfig moved = config.toBuilder("leader.example.com", 443).build();
		assertThat(moved.target()).isEqualTo("leader.example.com:443");
		assertThat(moved.toBuilder("db.example.com", 5433).build()).isEqualTo(config);
		assertThat(RaTlsConnectorConfig.builder("::1", 5433).build().target()).isEqualTo("[::1]:5433");
	}

	@Test
	void toStringNeverShowsTheApiKey() {
		QuoteVerifierSettings ita = QuoteVerifierSettings.builder()
			.kind(VerifierKind.INTEL_TRUST_AUTHORITY)
			.itaApiKey(API_KEY)
			.build();
		RaTlsConnectorConfig config = pinned("db.example.com").verifier(ita).build();
		assertThat(config.toString()).contains("intel-trust-authority", "apiKey=(set)").doesNotContain(API_KEY);
		assertThat(ita.toString()).doesNotContain(API_KEY);
		assertThat(ita.itaApiKey()).isEqualTo(API_KEY);
		// The key is part of the settings: connectors with another key are other connectors.
		assertThat(ita).isNotEqualTo(ita.toBuilder().itaApiKey("another").build());
		assertThat(QuoteVerifierSettings.builder().kind(VerifierKind.INTEL_TRUST_AUTHORITY).build().toString())
			.contains("apiKey=(from INTEL_TRUST_AUTHORITY_API_KEY)");
	}

}
