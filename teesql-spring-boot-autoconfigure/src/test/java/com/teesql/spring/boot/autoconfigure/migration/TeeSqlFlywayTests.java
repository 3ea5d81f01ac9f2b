package com.teesql.spring.boot.autoconfigure.migration;

import com.teesql.devcluster.DevCluster;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectorRegistration;
import com.teesql.spring.boot.autoconfigure.devcluster.TeeSqlDevClusterAutoConfiguration;
import com.teesql.testsupport.Causes;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's own Flyway auto-configuration with the TeeSQL starter on the dev cluster: a real {@code db/migration}
 * script runs through the attested DataSource, and Flyway's own connection properties are refused.
 */
class TeeSqlFlywayTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TeeSqlDevClusterAutoConfiguration.class,
				TeeSqlAutoConfiguration.class, TeeSqlFlywayAutoConfiguration.class, DataSourceAutoConfiguration.class,
				FlywayAutoConfiguration.class))
		.withPropertyValues("teesql.dev-cluster.enabled=true");

	@Test
	void flywayMigratesThroughTheAttestedDataSource() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(Flyway.class);
			DevCluster cluster = context.getBean(DevCluster.class);
			TeeSqlConnectorRegistration registration = context.getBean(TeeSqlConnectorRegistration.class);
			// The migration ran during startup, through the handshake the connector verified and the sidecar spliced.
			assertThat(registration.getConnector().verificationCount()).isPositive();
			assertThat(registration.getConnector().lastResult().orElseThrow().appId()).isEqualTo(cluster.appId());
			assertThat(cluster.sidecarStats().sessionsSpliced()).isPositive();
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
			assertThat(jdbc.queryForObject("SELECT note FROM flyway_probe WHERE id = 1", String.class))
				.isEqualTo("migrated through RA-TLS");
			assertThat(jdbc.queryForObject("SELECT installed_by FROM flyway_schema_history WHERE version = '1'",
					String.class))
				.isEqualTo("teesql_readwrite");
			assertThat(context.getBean(Flyway.class).info().current().getVersion().getVersion()).isEqualTo("1");
		});
	}

	@Test
	void flywayUrlIsRefusedBeforeFlywayConnects() {
		this.runner.withPropertyValues("spring.flyway.url=jdbc:postgresql://db.example.com:5432/app")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(MigrationConnectionBypassException.class)
				.hasMessageContaining("spring.flyway.url")
				.hasMessageContaining("bypass RA-TLS"));
	}

	@Test
	void flywayUserAndPasswordAreRefusedAndTheirValuesNeverShown() {
		this.runner.withPropertyValues("spring.flyway.user=migrator", "spring.flyway.password=s3cr3t-value")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				MigrationConnectionBypassException refusal = Causes.find(failure, MigrationConnectionBypassException.class);
				assertThat(refusal.getProperties()).containsExactly("spring.flyway.user", "spring.flyway.password");
				assertThat(refusal.getMessage()).doesNotContain("s3cr3t-value").doesNotContain("migrator");
			});
	}

	@Test
	void withoutTheStarterConfiguredFlywayPropertiesAreBootsBusiness() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlFlywayAutoConfiguration.class))
			.withPropertyValues("spring.flyway.url=jdbc:postgresql://db.example.com:5432/app")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("teesqlFlywayConnectionGuard"));
	}

	@Test
	void withoutFlywayOnTheClasspathNothingIsAdded() {
		this.runner.withClassLoader(new FilteredClassLoader(Flyway.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("teesqlFlywayConnectionGuard"));
	}

}
