package com.teesql.spring.boot.autoconfigure.devcluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.teesql.devcluster.DevCluster;
import com.teesql.jdbc.errors.MeasurementNotAllowedException;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectorRegistration;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The dev cluster as a service connection: a real PostgreSQL behind a real RA-TLS sidecar, reached through Boot's
 * own Hikari DataSource.
 */
class TeeSqlDevClusterAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(TeeSqlDevClusterAutoConfiguration.class, TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class));

	@Test
	void dataSourceQueriesTheDevClusterThroughRaTls() {
		this.runner.withPropertyValues("teesql.dev-cluster.enabled=true", "spring.datasource.hikari.maximum-pool-size=2")
			.run((context) -> {
				assertThat(context).hasSingleBean(DevCluster.class);
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(queryString(dataSource, "SELECT current_user")).isEqualTo("teesql_readwrite");
				assertThat(((HikariDataSource) dataSource).getMaximumPoolSize()).isEqualTo(2);
				TeeSqlConnectorRegistration registration = context.getBean(TeeSqlConnectorRegistration.class);
				assertThat(registration.getConnector().verificationCount()).isPositive();
				assertThat(registration.getConnector().lastResult()).hasValueSatisfying((result) -> {
					assertThat(result.simulator()).isFalse();
					assertThat(result.verifierName()).isEqualTo("dcap");
					assertThat(result.tcbStatus()).isEqualTo("UpToDate");
					assertThat(result.mrtd()).hasSize(96);
				});
				DevCluster cluster = context.getBean(DevCluster.class);
				assertThat(cluster.sidecarStats().sessionsSpliced()).isPositive();
				// The dev cluster pins its own identity, so no escape hatch is needed.
				RaTlsConnectorConfig config = registration.getConnector().config();
				assertThat(config.policy().allowedAppIds()).containsExactly(cluster.appId());
				assertThat(config.identityPinned()).isTrue();
				assertThat(config.requireIdentity()).isTrue();
				assertThat(registration.getConnector().lastResult().orElseThrow().appId()).isEqualTo(cluster.appId());
			});
	}

	@Test
	void anAllowedAppIdPropertyReplacesTheDevClustersOwnPin() {
		String otherApp = "ef".repeat(20);
		this.runner.withPropertyValues("teesql.dev-cluster.enabled=true", "teesql.attestation.allowed-app-id=" + otherApp)
			.run((context) -> {
				assertThat(context.getBean(TeeSqlConnectorRegistration.class).getConnector().config().policy()
					.allowedAppIds()).containsExactly(otherApp);
				// Refused through the real RA-TLS path: the cluster attests its own app-id, not the configured one.
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> queryString(context.getBean(DataSource.class), "SELECT 1::text"))
					.withRootCauseInstanceOf(MeasurementNotAllowedException.class);
			});
	}

	@Test
	void readRoleCanBeChosen() {
		this.runner.withPropertyValues("teesql.dev-cluster.enabled=true", "teesql.dev-cluster.role=teesql_read")
			.run((context) -> assertThat(queryString(context.getBean(DataSource.class), "SELECT current_user"))
				.isEqualTo("teesql_read"));
	}

	@Test
	void notStartedUnlessEnabled() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://plain.example.com/app")
			.run((context) -> assertThat(context).doesNotHaveBean(DevCluster.class));
	}

	private static String queryString(DataSource dataSource, String sql) throws Exception {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

}
