package com.example.consumer;

import javax.sql.DataSource;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.sidecar.SidecarStats;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application starts on the embedded dev cluster (the only setting: {@code teesql.dev-cluster.enabled}), and its
 * queries cross the RA-TLS sidecar into a real PostgreSQL.
 */
@SpringBootTest(properties = "teesql.dev-cluster.enabled=true")
class ConsumerApplicationTests {

	@Autowired
	private Greetings greetings;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private DevCluster cluster;

	@Test
	void queriesGoThroughTheAttestedDataSource() {
		this.greetings.add("hello from a consumer");
		assertThat(this.greetings.all()).containsExactly("hello from a consumer");
		assertThat(this.jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo("teesql_readwrite");

		// Boot's Hikari pool, whose connections come from the RA-TLS socket factory ...
		assertThat(this.dataSource).isInstanceOf(HikariDataSource.class);
		assertThat(((HikariDataSource) this.dataSource).getJdbcUrl())
			.contains("socketFactory=com.teesql.jdbc.tls.RaTlsSocketFactory");
		// ... and reach PostgreSQL only through the sidecar, after a completed mutual RA-TLS handshake.
		SidecarStats stats = this.cluster.sidecarStats();
		assertThat(stats.handshakesCompleted()).isPositive();
		assertThat(stats.sessionsSpliced()).isPositive();
		assertThat(stats.authFailures()).isZero();
	}

}
