package com.teesql.spring.boot.autoconfigure;

import java.time.Duration;

import com.teesql.jdbc.errors.IdentityNotPinnedException;
import com.teesql.jdbc.errors.InvalidDsnException;

import com.teesql.jdbc.tls.ConnectorRegistry;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring of {@link TeeSqlAutoConfiguration}, without any network: pools are not started.
 */
@ExtendWith(OutputCaptureExtension.class)
class TeeSqlAutoConfigurationTests {

	private static final String SECRET = "a".repeat(64);

	private static final String OTHER_SECRET = "b".repeat(64);

	/** The identity pin of the cluster these tests configure (never contacted). */
	private static final String APP_ID = "0a".repeat(20);

	private final ApplicationContextRunner unpinnedRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class));

	private final ApplicationContextRunner runner = this.unpinnedRunner
		.withPropertyValues("teesql.attestation.allowed-app-id=" + APP_ID);

	@Test
	void backsOffWithoutUrlAndLeavesSpringDatasourceAlone() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://plain.example.com/app")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TeeSqlConnectionDetails.class);
				assertThat(context).doesNotHaveBean(TeeSqlConnectorRegistration.class);
				assertThat(context.getBean(HikariDataSource.class).getJdbcUrl())
					.isEqualTo("jdbc:postgresql://plain.example.com/app");
			});
	}

	@Test
	void jdbcUrlGoesThroughTheRaTlsSocketFactoryWithoutTheSecret() {
		this.runner
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app")
			.run((context) -> {
				JdbcConnectionDetails jdbc = context.getBean(JdbcConnectionDetails.class);
				assertThat(jdbc.getJdbcUrl()).startsWith("jdbc:postgresql://db.example.com:5433/app?")
					.contains("socketFactory=com.teesql.jdbc.tls.RaTlsSocketFactory")
					.contains("sslmode=disable")
					.contains("teesqlConnector=" + context.getBean(TeeSqlConnectorRegistration.class).getName())
					.doesNotContain(SECRET);
				assertThat(jdbc.getUsername()).isEqualTo("teesql_readwrite");
				assertThat(jdbc.getPassword()).isEqualTo(SECRET);
				assertThat(jdbc.toString()).doesNotContain(SECRET);
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				assertThat(dataSource.getJdbcUrl()).isEqualTo(jdbc.getJdbcUrl());
			});
	}

	@Test
	void clusterSecretPropertyOverridesThePasswordInTheUrl() {
		this.runner
			.withPropertyValues("teesql.url=postgresql://teesql_read:" + SECRET + "@db.example.com:443/app",
					"teesql.cluster-secret=" + OTHER_SECRET)
			.run((context) -> {
				JdbcConnectionDetails jdbc = context.getBean(JdbcConnectionDetails.class);
				assertThat(jdbc.getPassword()).isEqualTo(OTHER_SECRET);
				assertThat(jdbc.getJdbcUrl()).startsWith("jdbc:postgresql://db.example.com:443/app?");
			});
	}

	@Test
	void hikariPropertiesStillApply() {
		this.runner
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite@db.example.com/app",
					"teesql.cluster-secret=" + SECRET, "spring.datasource.hikari.maximum-pool-size=3",
					"spring.datasource.hikari.pool-name=attested")
			.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				assertThat(dataSource.getMaximumPoolSize()).isEqualTo(3);
				assertThat(dataSource.getPoolName()).isEqualTo("attested");
				assertThat(dataSource.getJdbcUrl()).contains("socketFactory=com.teesql.jdbc.tls.RaTlsSocketFactory");
			});
	}

	@Test
	void missingSecretFailsNamingTheProperties() {
		this.runner.withPropertyValues("teesql.url=postgresql://teesql_readwrite@db.example.com/app")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidDsnException.class)
				.hasMessageContaining("teesql.cluster-secret")
				.hasMessageContaining("teesql.url"));
	}

	@Test
	void readOnlyRoutingWithAFixedTargetFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app",
					"teesql.read-only.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("teesql.read-only.enabled")
				.hasMessageContaining("set teesql.manifest.domain as well"));
	}

	@Test
	void keyValueDsnFailsWithTheDocumentedMessage() {
		this.runner.withPropertyValues("teesql.url=host=db.example.com port=5433 user=teesql_read")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidDsnException.class)
				.hasMessage("teesql-jdbc requires a URI-form DSN (postgresql://user:pw@host:port/db)"));
	}

	@Test
	void connectorIsRemovedFromTheRegistryWhenTheContextCloses() {
		String[] name = new String[1];
		this.runner
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app")
			.run((context) -> {
				name[0] = context.getBean(TeeSqlConnectorRegistration.class).getName();
				assertThat(ConnectorRegistry.names()).contains(name[0]);
			});
		assertThat(ConnectorRegistry.names()).doesNotContain(name[0]);
	}

	@Test
	void userDefinedJdbcConnectionDetailsWin() {
		this.runner
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app")
			.withBean(JdbcConnectionDetails.class, UserJdbcConnectionDetails::new)
			.run((context) -> assertThat(context.getBean(JdbcConnectionDetails.class).getJdbcUrl())
				.isEqualTo("jdbc:postgresql://elsewhere/db"));
	}

	@Test
	void attestationPropertiesReachTheConnector() {
		this.runner
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app",
					"teesql.attestation.allowed-mrtd=0x" + "AB".repeat(48),
					"teesql.attestation.acceptable-tcb-statuses=UpToDate",
					"teesql.attestation.allowed-compose-hash=" + "cd".repeat(32),
					"teesql.attestation.allowed-rtmr3=" + "ef".repeat(48), "teesql.attestation.cache-ttl=5m")
			.run((context) -> {
				RaTlsConnectorConfig config = context.getBean(TeeSqlConnectorRegistration.class).getConnector().config();
				assertThat(config.policy().allowedMrtds()).containsExactly("ab".repeat(48));
				assertThat(config.policy().acceptableTcbStatuses()).containsExactly("UpToDate");
				assertThat(config.policy().allowedComposeHashes()).containsExactly("cd".repeat(32));
				assertThat(config.policy().allowedRtmrs().get(3)).containsExactly("ef".repeat(48));
				assertThat(config.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
				assertThat(config.kmsRootCa()).isNull();
				assertThat(config.requireIdentity()).isTrue();
			});
	}

	@Test
	void connectorWithoutIdentityPinRefusesToStartAtContextStartup() {
		String url = "teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app";
		this.unpinnedRunner.withPropertyValues(url)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IdentityNotPinnedException.class)
				.hasMessageStartingWith("No identity pin for the TeeSQL cluster at db.example.com:5433: ")
				.hasMessageNotContaining(SECRET));
		this.unpinnedRunner
			.withPropertyValues(url, "teesql.attestation.allowed-mrtd=" + "ab".repeat(48),
					"teesql.attestation.allowed-rtmr0=" + "cd".repeat(48))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IdentityNotPinnedException.class)
				.hasMessageContaining("allowed-mrtd and allowed-rtmr0..3 identify an image anyone can deploy"));
	}

	@Test
	void anAppIdOrComposeHashPinsTheIdentity() {
		String url = "teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app";
		this.unpinnedRunner.withPropertyValues(url, "teesql.attestation.allowed-compose-hash=" + "cd".repeat(32))
			.run((context) -> {
				RaTlsConnectorConfig config = context.getBean(TeeSqlConnectorRegistration.class).getConnector().config();
				assertThat(config.identityPinned()).isTrue();
				assertThat(config.requireIdentity()).isTrue();
			});
		this.runner.withPropertyValues(url).run((context) -> {
			RaTlsConnectorConfig config = context.getBean(TeeSqlConnectorRegistration.class).getConnector().config();
			assertThat(config.policy().allowedAppIds()).containsExactly(APP_ID);
			assertThat(config.identityPinned()).isTrue();
		});
	}

	@Test
	void simulatorTargetsNeedNoIdentityPin() {
		this.unpinnedRunner
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app",
					"teesql.allow-simulator=true")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(TeeSqlConnectorRegistration.class));
	}

	@Test
	void requireIdentityFalseStartsUnpinnedAndWarnsAtEveryPoolStart(CapturedOutput output) {
		String warning = "teesql.attestation.require-identity=false: no identity pin for db.example.com:5433; ANY "
				+ "genuine TDX machine is trusted with the cluster secret.";
		ApplicationContextRunner escapeHatch = this.unpinnedRunner.withPropertyValues(
				"teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app",
				"teesql.attestation.require-identity=false");
		escapeHatch.run((context) -> {
			RaTlsConnectorConfig config = context.getBean(TeeSqlConnectorRegistration.class).getConnector().config();
			assertThat(config.requireIdentity()).isFalse();
			assertThat(config.identityPinned()).isFalse();
		});
		assertThat(output.toString().split(java.util.regex.Pattern.quote(warning), -1)).hasSize(2);
		escapeHatch.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.toString().split(java.util.regex.Pattern.quote(warning), -1)).hasSize(3);
		assertThat(output.toString()).contains("WARN").doesNotContain(SECRET);
	}

	@Test
	void requireIdentityIsDescribedInTheConfigurationMetadata() throws Exception {
		com.fasterxml.jackson.databind.JsonNode metadata = new com.fasterxml.jackson.databind.ObjectMapper()
			.readTree(getClass().getResource("/META-INF/spring-configuration-metadata.json"));
		com.fasterxml.jackson.databind.JsonNode property = null;
		for (com.fasterxml.jackson.databind.JsonNode candidate : metadata.get("properties")) {
			if (candidate.get("name").asText().equals("teesql.attestation.require-identity")) {
				property = candidate;
			}
		}
		assertThat(property).isNotNull();
		assertThat(property.get("defaultValue").asBoolean()).isTrue();
		assertThat(property.get("description").asText()).contains("allowed-app-id, allowed-compose-hash or kms-root-ca")
			.contains("never in production");
	}

	@Test
	void connectionDetailsAppIdsPinAnEmptyAllowlistAndThePropertyWins() {
		String detailsAppId = "1b".repeat(20);
		ApplicationContextRunner withDetails = this.unpinnedRunner.withBean(TeeSqlConnectionDetails.class,
				() -> new AppIdDetails(detailsAppId));
		withDetails.run((context) -> {
			RaTlsConnectorConfig config = context.getBean(TeeSqlConnectorRegistration.class).getConnector().config();
			assertThat(config.policy().allowedAppIds()).containsExactly(detailsAppId);
		});
		withDetails.withPropertyValues("teesql.attestation.allowed-app-id=" + APP_ID).run((context) -> {
			RaTlsConnectorConfig config = context.getBean(TeeSqlConnectorRegistration.class).getConnector().config();
			assertThat(config.policy().allowedAppIds()).containsExactly(APP_ID);
		});
	}

	private record AppIdDetails(String appId) implements TeeSqlConnectionDetails {

		@Override
		public com.teesql.jdbc.dsn.TeeSqlDsn getDsn() {
			try {
				return com.teesql.jdbc.dsn.TeeSqlDsn
					.parse("postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app");
			}
			catch (InvalidDsnException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public java.util.List<String> getAllowedAppIds() {
			return java.util.List.of(this.appId);
		}

	}

	@Test
	void invalidAttestationPropertiesFailNamingTheProperty() {
		String url = "teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app";
		this.runner.withPropertyValues(url, "teesql.attestation.allowed-mrtd=0x1234")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("teesql.attestation.allowed-mrtd")
				.hasMessageContaining("0x1234"));
		this.runner.withPropertyValues(url, "teesql.attestation.acceptable-tcb-statuses=UpToDate,Revoked")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("teesql.attestation.acceptable-tcb-statuses"));
		this.runner.withPropertyValues(url, "teesql.attestation.kms-root-ca=file:/nonexistent/kms-root.pem")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("kms-root.pem"));
	}

	@Test
	void verifierIsChosenByProperty() {
		String url = "teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app";
		this.runner.withPropertyValues(url)
			.run((context) -> assertThat(verifierName(context)).isEqualTo("dcap"));
		this.runner.withPropertyValues(url, "teesql.attestation.verifier=none")
			.run((context) -> assertThat(verifierName(context)).isEqualTo("none"));
		this.runner
			.withPropertyValues(url, "teesql.attestation.verifier=intel-trust-authority",
					"teesql.attestation.intel-trust-authority.api-key=dummy-key-for-wiring")
			.run((context) -> assertThat(verifierName(context)).isEqualTo("ita"));
	}

	@Test
	void intelTrustAuthorityWithoutApiKeyFailsAtStartupWithTheDocumentedMessage() {
		org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("INTEL_TRUST_AUTHORITY_API_KEY") == null,
				"INTEL_TRUST_AUTHORITY_API_KEY is set in this environment");
		this.runner
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app",
					"teesql.attestation.verifier=intel-trust-authority")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(com.teesql.jdbc.attestation.ita.IntelTrustAuthorityApiKeyMissingException.class)
				.hasMessage("Intel Trust Authority API key required. Set teesql.attestation.intel-trust-authority.api-key "
						+ "or the INTEL_TRUST_AUTHORITY_API_KEY environment variable. Register at "
						+ "https://portal.trustauthority.intel.com"));
	}

	@Test
	void invalidPccsUrlFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app",
					"teesql.attestation.dcap.pccs-url=not a url")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("teesql.attestation.dcap.pccs-url \"not a url\" is not an absolute"));
	}

	private static String verifierName(org.springframework.context.ApplicationContext context) {
		return context.getBean(TeeSqlConnectorRegistration.class).getConnector().quoteVerifier().name();
	}

	@Test
	void invalidValuesAreRejectedAtStartupNamingTheProperty() {
		String url = "teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app";
		this.runner.withPropertyValues(url, "teesql.handshake-timeout=-1s")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("teesql.handshake-timeout")
				.hasStackTraceContaining("must be a positive duration"));
		this.runner.withPropertyValues(url, "teesql.attestation.cache-ttl=-5m")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("attestation.cacheTtl"));
	}

	@Test
	void malformedClusterSecretIsRejectedWithoutEchoingIt() {
		String notASecret = "password123-which-is-not-hex";
		this.runner
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite@db.example.com/app",
					"teesql.cluster-secret=" + notASecret)
			.run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidDsnException.class)
					.hasMessageContaining("must be 64 hex characters");
				java.io.StringWriter trace = new java.io.StringWriter();
				context.getStartupFailure().printStackTrace(new java.io.PrintWriter(trace));
				assertThat(trace.toString()).doesNotContain(notASecret);
			});
	}

	static class UserJdbcConnectionDetails implements JdbcConnectionDetails {

		@Override
		public String getJdbcUrl() {
			return "jdbc:postgresql://elsewhere/db";
		}

		@Override
		public String getUsername() {
			return "someone";
		}

		@Override
		public String getPassword() {
			return "changeme";
		}

	}

	@Test
	void secretsStayOutOfPropertiesToString() {
		this.runner
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app",
					"teesql.cluster-secret=" + OTHER_SECRET)
			.run((context) -> assertThat(context.getBean(TeeSqlProperties.class).toString()).doesNotContain(SECRET)
				.doesNotContain(OTHER_SECRET));
	}

}
