package com.teesql.spring.boot.autoconfigure.slice;

import javax.sql.DataSource;

import com.teesql.devcluster.DevCluster;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectorRegistration;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code @JdbcTest} slice: it imports the TeeSQL auto-configurations (through the {@code AutoConfigureJdbc}
 * imports that {@code @DataJdbcTest} and {@code @DataJpaTest} share), so the slice's DataSource reaches the dev
 * cluster through RA-TLS. {@code replace = NONE} keeps Boot from swapping in an embedded database, as for any real
 * database.
 */
@JdbcTest(properties = "teesql.dev-cluster.enabled=true")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class TeeSqlJdbcTestSliceTests {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private DevCluster cluster;

	@Autowired
	private TeeSqlConnectorRegistration registration;

	@Test
	void sliceQueriesTheDevClusterThroughAnAttestedConnection() {
		assertThat(this.jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("teesql_readwrite");
		assertThat(this.dataSource).isInstanceOf(HikariDataSource.class);
		assertThat(this.registration.getConnector().verificationCount()).isPositive();
		assertThat(this.registration.getConnector().lastResult().orElseThrow().appId()).isEqualTo(this.cluster.appId());
		assertThat(this.cluster.sidecarStats().sessionsSpliced()).isPositive();
	}

	@SpringBootConfiguration
	static class Config {

	}

}
