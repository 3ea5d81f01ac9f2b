package com.teesql.spring.boot.autoconfigure;

import com.teesql.jdbc.manifest.ManifestWatcher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Startup validation of the {@code teesql.manifest.*} properties, before any DNS query is made.
 */
class TeeSqlManifestPropertiesTests {

	private static final String SECRET = "5e".repeat(32);

	private static final String SIGNER = "0x" + "12".repeat(20);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@leader.invalid/app",
				"teesql.manifest.signer-address=" + SIGNER, "teesql.manifest.resolvers=127.0.0.1:9",
				"teesql.manifest.timeout=200ms", "teesql.attestation.allowed-app-id=" + "0a".repeat(20));

	@Test
	void domainWithoutClusterAddressFailsNamingTheProperty() {
		this.runner.withPropertyValues("teesql.manifest.domain=cluster.teesql.test").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.hasStackTraceContaining("teesql.manifest.cluster-address is required with teesql.manifest.domain")
				.hasStackTraceContaining("manifest.clusterAddress");
			assertThat(context).getFailure().rootCause().hasMessageNotContaining(SECRET);
		});
		this.runner.withPropertyValues("teesql.manifest.domain=cluster.teesql.test", "teesql.manifest.cluster-address= ")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("teesql.manifest.cluster-address is required"));
	}

	@Test
	void malformedClusterAddressFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("teesql.manifest.domain=cluster.teesql.test", "teesql.manifest.cluster-address=0x1234")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("manifest.clusterAddress")
				.hasStackTraceContaining("must be 0x followed by 40 hex digits"));
	}

	@Test
	void domainWithoutSignerAddressFailsInPropertiesValidationNamingTheProperty() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@leader.invalid/app",
					"teesql.manifest.domain=cluster.teesql.test", "teesql.manifest.cluster-address=" + SIGNER,
					"teesql.manifest.resolvers=127.0.0.1:9", "teesql.attestation.allowed-app-id=" + "0a".repeat(20))
			.run((context) -> {
				assertThat(context).hasFailed();
				// Reported by the binder with the other property errors, not by a bean method.
				assertThat(context).getFailure()
					.hasRootCauseInstanceOf(BindValidationException.class)
					.hasStackTraceContaining("manifest.signerAddress")
					.hasStackTraceContaining("teesql.manifest.signer-address is required with teesql.manifest.domain");
				assertThat(context).getFailure().rootCause().hasMessageNotContaining(SECRET);
			});
	}

	@Test
	void malformedSignerAddressFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("teesql.manifest.domain=cluster.teesql.test", "teesql.manifest.cluster-address=" + SIGNER,
					"teesql.manifest.signer-address=0x1234")
			.run((context) -> assertThat(context).getFailure()
				.hasRootCauseInstanceOf(BindValidationException.class)
				.hasStackTraceContaining("manifest.signerAddress")
				.hasStackTraceContaining("must be 0x followed by 40 hex digits"));
	}

	@Test
	void clusterAddressIsNotNeededWithoutADomain() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ManifestWatcher.class);
		});
	}

}
