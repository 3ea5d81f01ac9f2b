package com.teesql.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.QuoteVerifierSettings;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.manifest.ManifestResolver;
import com.teesql.jdbc.manifest.ManifestVerifier;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.jdbc.tls.SslNegotiation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's defaults are teesql-jdbc's: unset {@code teesql.*} properties must give exactly the settings a plain
 * {@link RaTlsConnectorConfig} has, as Boot's own {@code defaultValuesAreConsistent} tests check its properties
 * against the library they configure.
 */
class TeeSqlPropertiesTests {

	private static final String SECRET = "5e".repeat(32);

	@Test
	void defaultValuesAreConsistent() throws Exception {
		TeeSqlProperties properties = new TeeSqlProperties();
		TeeSqlDsn dsn = TeeSqlDsn.parse("postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app");
		TeeSqlConnectionDetails details = () -> dsn;
		RaTlsConnectorConfig fromProperties = ConnectorConfigs.config(details, properties, "db.example.com", 5433);
		RaTlsConnectorConfig jdbcDefaults = RaTlsConnectorConfig.builder("db.example.com", 5433).build();
		assertThat(fromProperties).isEqualTo(jdbcDefaults);
		// Each value too, so that a failure says which default drifted.
		assertThat(properties.getConnectTimeout()).isEqualTo(jdbcDefaults.connectTimeout());
		assertThat(properties.getHandshakeTimeout()).isEqualTo(jdbcDefaults.handshakeTimeout());
		assertThat(properties.getSslNegotiation()).isEqualTo(jdbcDefaults.sslNegotiation())
			.isEqualTo(SslNegotiation.DIRECT);
		assertThat(properties.isAllowSimulator()).isEqualTo(jdbcDefaults.allowSimulator()).isFalse();
		assertThat(properties.getDstack().getTimeout()).isEqualTo(jdbcDefaults.dstackTimeout());
		TeeSqlProperties.Attestation attestation = properties.getAttestation();
		assertThat(attestation.getCacheTtl()).isEqualTo(jdbcDefaults.cacheTtl());
		assertThat(attestation.isRequireIdentity()).isEqualTo(jdbcDefaults.requireIdentity()).isTrue();
		AttestationPolicy policy = AttestationPolicy.DEFAULT;
		assertThat(attestation.isAllowDebugMode()).isEqualTo(policy.allowDebugMode());
		assertThat(attestation.getAcceptableTcbStatuses()).containsExactlyInAnyOrderElementsOf(
				policy.acceptableTcbStatuses());
		QuoteVerifierSettings verifier = QuoteVerifierSettings.DEFAULT;
		assertThat(attestation.getVerifier()).isEqualTo(verifier.kind()).isEqualTo(VerifierKind.DCAP);
		assertThat(attestation.getDcap().getPccsUrl()).isEqualTo(verifier.pccsUrl().toString());
		assertThat(attestation.getDcap().getTimeout()).isEqualTo(verifier.dcapTimeout());
		assertThat(attestation.getIntelTrustAuthority().getBaseUrl()).isEqualTo(verifier.itaBaseUrl());
		assertThat(attestation.getIntelTrustAuthority().getJwksUrl()).isEqualTo(verifier.itaJwksUrl());
		assertThat(attestation.getIntelTrustAuthority().getTimeout()).isEqualTo(verifier.itaTimeout());
		TeeSqlProperties.Manifest manifest = properties.getManifest();
		assertThat(manifest.getRefreshInterval()).isEqualTo(ManifestWatcher.DEFAULT_INTERVAL);
		assertThat(manifest.getTimeout()).isEqualTo(ManifestResolver.DEFAULT_TIMEOUT);
		assertThat(manifest.getClockSkew()).isEqualTo(ManifestVerifier.DEFAULT_CLOCK_SKEW);
		assertThat(manifest.getResolvers()).isEqualTo(List.of());
	}

	@Test
	void everyPropertyReachesTheConnectorSettings() throws Exception {
		TeeSqlProperties properties = new TeeSqlProperties();
		properties.setConnectTimeout(Duration.ofSeconds(3));
		properties.setHandshakeTimeout(Duration.ofSeconds(4));
		properties.setSslNegotiation(SslNegotiation.POSTGRES);
		properties.setAllowSimulator(true);
		properties.getDstack().setEndpoint("http://127.0.0.1:1");
		properties.getDstack().setTimeout(Duration.ofSeconds(6));
		TeeSqlProperties.Attestation attestation = properties.getAttestation();
		attestation.setCacheTtl(Duration.ZERO);
		attestation.setRequireIdentity(false);
		attestation.setVerifier(VerifierKind.INTEL_TRUST_AUTHORITY);
		attestation.getIntelTrustAuthority().setApiKey("k".repeat(30));
		attestation.getIntelTrustAuthority().setTimeout(Duration.ofSeconds(7));
		attestation.getDcap().setPccsUrl("https://pccs.example.com");
		attestation.getDcap().setTimeout(Duration.ofSeconds(8));
		TeeSqlDsn dsn = TeeSqlDsn.parse("postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app");
		TeeSqlConnectionDetails details = () -> dsn;
		RaTlsConnectorConfig config = ConnectorConfigs.config(details, properties, "db.example.com", 5433);
		assertThat(config).isEqualTo(RaTlsConnectorConfig.builder("db.example.com", 5433)
			.connectTimeout(Duration.ofSeconds(3))
			.handshakeTimeout(Duration.ofSeconds(4))
			.sslNegotiation(SslNegotiation.POSTGRES)
			.allowSimulator(true)
			.dstackEndpoint("http://127.0.0.1:1")
			.dstackTimeout(Duration.ofSeconds(6))
			.cacheTtl(Duration.ZERO)
			.requireIdentity(false)
			.verifier(QuoteVerifierSettings.builder()
				.kind(VerifierKind.INTEL_TRUST_AUTHORITY)
				.itaApiKey("k".repeat(30))
				.itaTimeout(Duration.ofSeconds(7))
				.pccsUrl(java.net.URI.create("https://pccs.example.com"))
				.dcapTimeout(Duration.ofSeconds(8))
				.build())
			.build());
		assertThat(config.toString()).doesNotContain("k".repeat(30));
	}

}
