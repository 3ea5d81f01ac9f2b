package com.teesql.spring.boot.autoconfigure.actuate;

import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's {@link SanitizingFunction} through Boot's real {@code env} endpoint with {@code show-values=always}:
 * it masks what the starter owns, only when the starter is configured, and leaves every other key to Boot.
 */
class TeeSqlSanitizingAutoConfigurationTests {

	private static final String SECRET = "5e".repeat(32);

	private static final String OTHER_PASSWORD = "smtp-password-the-application-chose-to-show";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
				EnvironmentEndpointAutoConfiguration.class, TeeSqlSanitizingAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=env", "management.endpoint.env.show-values=always",
				"mail.smtp.password=" + OTHER_PASSWORD, "reporting.datasource.password=" + OTHER_PASSWORD);

	@Test
	void masksTheStartersSecretsAndLeavesOtherPasswordsToBoot() {
		this.runner.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite@db.example.com:5433/app",
					"teesql.cluster-secret=" + SECRET, "teesql.read-only.cluster-secret=" + "6f".repeat(32),
					"teesql.attestation.allowed-app-id=" + "0a".repeat(20),
					"teesql.attestation.intel-trust-authority.api-key=ita-key", "TEESQL_CLUSTER_SECRET=" + SECRET,
					"INTEL_TRUST_AUTHORITY_API_KEY=ita-key", "spring.datasource.hikari.password=" + SECRET)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("teesqlSanitizingFunction");
				assertThat(value(context, "teesql.cluster-secret")).isEqualTo("******");
				assertThat(value(context, "teesql.read-only.cluster-secret")).isEqualTo("******");
				assertThat(value(context, "teesql.attestation.intel-trust-authority.api-key")).isEqualTo("******");
				assertThat(value(context, "TEESQL_CLUSTER_SECRET")).isEqualTo("******");
				assertThat(value(context, "INTEL_TRUST_AUTHORITY_API_KEY")).isEqualTo("******");
				assertThat(value(context, "spring.datasource.hikari.password")).isEqualTo("******");
				// Control: values are shown at all.
				assertThat(value(context, "teesql.url")).isEqualTo("postgresql://teesql_readwrite@db.example.com:5433/app");
				// Not the starter's: Boot's show-values=always applies, as the application asked.
				assertThat(value(context, "mail.smtp.password")).isEqualTo(OTHER_PASSWORD);
				assertThat(value(context, "reporting.datasource.password")).isEqualTo(OTHER_PASSWORD);
			});
	}

	@Test
	void secretInTheUrlIsMasked() {
		this.runner.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com:5433/app",
					"teesql.attestation.allowed-app-id=" + "0a".repeat(20))
			.run((context) -> assertThat(value(context, "teesql.url")).isEqualTo("******"));
	}

	@Test
	void inactiveWhenTheStarterIsNotConfigured() {
		this.runner.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class))
			.withPropertyValues("teesql.attestation.intel-trust-authority.api-key=ita-key")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean("teesqlSanitizingFunction");
				assertThat(value(context, "mail.smtp.password")).isEqualTo(OTHER_PASSWORD);
			});
	}

	private static Object value(AssertableApplicationContext context, String name) {
		return context.getBean(EnvironmentEndpoint.class)
			.environmentEntry(name)
			.getPropertySources()
			.stream()
			.filter((source) -> source.getProperty() != null)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no property source has " + name))
			.getProperty()
			.getValue();
	}

}
