package com.teesql.jdbc.tls;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.QuoteVerifierSettings;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.errors.InvalidConnectionPropertyException;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JdbcConnectionPropertiesTests {

	private static final String APP_ID = TestVectors.APP_ID;

	@TempDir
	Path temp;

	private static Properties target(String host, String port) {
		Properties info = new Properties();
		info.setProperty("PGHOST", host);
		info.setProperty("PGPORT", port);
		return info;
	}

	@Test
	void onlyTheTargetGivesTheDefaultsOfRaTlsConnectorConfig() throws Exception {
		RaTlsConnectorConfig config = JdbcConnectionProperties.config(target("db.example.com", "5433"));
		assertThat(config).isEqualTo(RaTlsConnectorConfig.builder("db.example.com", 5433).build());
		assertThat(JdbcConnectionProperties.config(target("[::1]", "5433")).host()).isEqualTo("::1");
	}

	@Test
	void everyDocumentedPropertyReachesTheSettings() throws Exception {
		Path root = this.temp.resolve("root.der");
		Files.write(root, TestVectors.bytes("derived/cert_plain_no_extension.der"));
		Properties info = target("db.example.com", "443");
		info.setProperty("teesqlAllowedAppId", " " + APP_ID.toUpperCase() + " ,");
		info.setProperty("teesqlAllowedComposeHash", "ab".repeat(32));
		info.setProperty("teesqlAllowedMrtd", "cd".repeat(48));
		info.setProperty("teesqlAllowedRtmr3", "ef".repeat(48));
		info.setProperty("teesqlAcceptableTcbStatuses", "UpToDate,OutOfDate");
		info.setProperty("teesqlAllowDebugMode", "true");
		info.setProperty("teesqlRequireIdentity", "false");
		info.setProperty("teesqlCacheTtl", "PT0S");
		info.setProperty("teesqlVerifier", "intel-trust-authority");
		info.setProperty("teesqlPccsUrl", "https://pccs.example.com:8081");
		info.setProperty("teesqlCollateralDir", this.temp.toString());
		info.setProperty("teesqlDcapRootCa", root.toString());
		info.setProperty("teesqlDcapTimeout", "3s");
		info.setProperty("teesqlItaBaseUrl", "https://api.eu.trustauthority.intel.com");
		info.setProperty("teesqlItaJwksUrl", "https://keys.example.com/certs");
		info.setProperty("teesqlItaTimeout", "1m");
		info.setProperty("teesqlKmsRootCa", root.toString());
		info.setProperty("teesqlDstackEndpoint", "http://127.0.0.1:8090");
		info.setProperty("teesqlDstackTimeout", "500ms");
		info.setProperty("teesqlAllowSimulator", "TRUE");
		info.setProperty("teesqlSslNegotiation", "postgres");
		info.setProperty("teesqlConnectTimeout", "2s");
		info.setProperty("teesqlHandshakeTimeout", "1h");
		RaTlsConnectorConfig config = JdbcConnectionProperties.config(info);
		AttestationPolicy policy = config.policy();
		assertThat(policy.allowedAppIds()).containsExactly(APP_ID);
		assertThat(policy.allowedComposeHashes()).containsExactly("ab".repeat(32));
		assertThat(policy.allowedMrtds()).containsExactly("cd".repeat(48));
		assertThat(policy.allowedRtmrs().get(3)).containsExactly("ef".repeat(48));
		assertThat(policy.acceptableTcbStatuses()).containsExactlyInAnyOrder("UpToDate", "OutOfDate");
		assertThat(policy.allowDebugMode()).isTrue();
		assertThat(config.requireIdentity()).isFalse();
		assertThat(config.cacheTtl()).isZero();
		QuoteVerifierSettings verifier = config.verifier();
		assertThat(verifier.kind()).isEqualTo(VerifierKind.INTEL_TRUST_AUTHORITY);
		assertThat(verifier.pccsUrl()).isEqualTo(URI.create("https://pccs.example.com:8081"));
		assertThat(verifier.collateralDir()).isEqualTo(this.temp);
		assertThat(verifier.dcapRootCa()).isEqualTo(TestVectors.certificate("derived/cert_plain_no_extension.der"));
		assertThat(verifier.dcapTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(verifier.itaBaseUrl()).isEqualTo("https://api.eu.trustauthority.intel.com");
		assertThat(verifier.itaJwksUrl()).isEqualTo("https://keys.example.com/certs");
		assertThat(verifier.itaTimeout()).isEqualTo(Duration.ofMinutes(1));
		assertThat(verifier.itaApiKey()).as("never from the URL").isNull();
		assertThat(config.kmsRootCa()).isEqualTo(verifier.dcapRootCa());
		assertThat(config.dstackEndpoint()).isEqualTo("http://127.0.0.1:8090");
		assertThat(config.dstackTimeout()).isEqualTo(Duration.ofMillis(500));
		assertThat(config.allowSimulator()).isTrue();
		assertThat(config.sslNegotiation()).isEqualTo(SslNegotiation.POSTGRES);
		assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofHours(1));
		assertThat(config.target()).isEqualTo("db.example.com:443");
	}

	@Test
	void theCertificateFilesAreReadOncePerDistinctSettingsNotPerConnection() throws Exception {
		Path root = this.temp.resolve("kms-root.der");
		Files.write(root, TestVectors.bytes("derived/cert_plain_no_extension.der"));
		Properties info = target("db.example.com", "443");
		info.setProperty("teesqlKmsRootCa", root.toString());
		RaTlsConnectorConfig first = JdbcConnectionProperties.config(info);
		Files.delete(root);

		// pgjdbc's next connection with the same URL: nothing is read again, the same settings come back.
		assertThat(JdbcConnectionProperties.config(info)).isSameAs(first);
		// Other values are parsed anew (and here the file is gone).
		info.setProperty("teesqlCacheTtl", "5m");
		assertThatExceptionOfType(InvalidConnectionPropertyException.class)
			.isThrownBy(() -> JdbcConnectionProperties.config(info))
			.withMessageContaining("teesqlKmsRootCa");
	}

	@Test
	void badValuesAreRefusedNamingTheJdbcProperty() {
		assertRefused("teesqlAllowedAppId", "abc", "teesqlAllowedAppId entry \"abc\" is not valid");
		assertRefused("teesqlAllowedRtmr2", "00", "teesqlAllowedRtmr2 entry \"00\" is not valid");
		assertRefused("teesqlAcceptableTcbStatuses", "Revoked", "teesqlAcceptableTcbStatuses entry \"Revoked\"");
		assertRefused("teesqlVerifier", "sgx", "teesqlVerifier must be one of [dcap, intel-trust-authority, none]");
		assertRefused("teesqlSslNegotiation", "tls", "teesqlSslNegotiation must be one of [direct, postgres]");
		assertRefused("teesqlHandshakeTimeout", "5", "teesqlHandshakeTimeout must be a duration");
		assertRefused("teesqlHandshakeTimeout", "0s", "handshakeTimeout must be a positive duration");
		assertRefused("teesqlAllowSimulator", "yes", "teesqlAllowSimulator must be true or false");
		assertRefused("teesqlPccsUrl", "pccs.example.com", "teesqlPccsUrl \"pccs.example.com\" is not an absolute");
		assertRefused("teesqlKmsRootCa", this.temp.resolve("missing.pem").toString(),
				"teesqlKmsRootCa (" + this.temp.resolve("missing.pem") + ") is not a readable");
	}

	@Test
	void aUrlWithSeveralHostsOrNoneIsRefused() {
		assertThatExceptionOfType(InvalidConnectionPropertyException.class)
			.isThrownBy(() -> JdbcConnectionProperties.config(target("a.example.com,b.example.com", "5433,5433")))
			.withMessageContaining("names several hosts");
		assertThatExceptionOfType(InvalidConnectionPropertyException.class)
			.isThrownBy(() -> JdbcConnectionProperties.config(new Properties()))
			.withMessageContaining("names no host");
	}

	private static void assertRefused(String property, String value, String message) {
		Properties info = target("db.example.com", "5433");
		info.setProperty(property, value);
		assertThatExceptionOfType(InvalidConnectionPropertyException.class)
			.isThrownBy(() -> JdbcConnectionProperties.config(info))
			.withMessageContaining(message);
	}

}
