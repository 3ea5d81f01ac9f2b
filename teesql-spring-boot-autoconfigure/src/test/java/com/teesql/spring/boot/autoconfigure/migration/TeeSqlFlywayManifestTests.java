package com.teesql.spring.boot.autoconfigure.migration;

import javax.sql.DataSource;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.support.GroupConnectionDetails;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's Flyway in manifest mode on a real three-node dev cluster: the migration runs on the leader the signed
 * manifest names, through its sidecar, as the write role (read-only routing is on and not used by Flyway).
 */
class TeeSqlFlywayManifestTests {

	private static DevManifestCluster cluster;

	@BeforeAll
	static void start() {
		cluster = DevManifestCluster.start(3, "flyway.teesql.test");
	}

	@AfterAll
	static void stop() {
		cluster.close();
	}

	@Test
	void flywayMigratesOnTheLeader() {
		QuoteVerifier verifier = cluster.group().quoteVerifier();
		String endpoint = cluster.group().guestAgentEndpoint();
		TeeSqlDsn dsn = GroupConnectionDetails.parse(cluster.group().dsn("teesql_readwrite"));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, TeeSqlFlywayAutoConfiguration.class,
					DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
			.withBean(TeeSqlConnectionDetails.class,
					() -> new GroupConnectionDetails(dsn, endpoint, verifier, cluster.group().appId()))
			.withPropertyValues("teesql.manifest.domain=flyway.teesql.test",
					"teesql.manifest.signer-address=" + cluster.signerAddress(),
					"teesql.manifest.cluster-address=" + cluster.group().clusterAddress(),
					"teesql.manifest.resolvers=" + cluster.resolver(), "teesql.read-only.enabled=true",
					"spring.datasource.hikari.connection-timeout=5000")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Flyway.class).info().current().getVersion().getVersion()).isEqualTo("1");
				assertThat(cluster.group().leader().sidecarStats().sessionsSpliced()).isPositive();
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject("SELECT note FROM flyway_probe WHERE id = 1", String.class))
					.isEqualTo("migrated through RA-TLS");
				assertThat(jdbc.queryForObject(
						"SELECT installed_by FROM flyway_schema_history WHERE version = '1'", String.class))
					.isEqualTo("teesql_readwrite");
			});
	}

}
