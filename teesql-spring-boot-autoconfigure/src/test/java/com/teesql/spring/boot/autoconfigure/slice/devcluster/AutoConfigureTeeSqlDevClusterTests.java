package com.teesql.spring.boot.autoconfigure.slice.devcluster;

import javax.sql.DataSource;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.DevManifestCluster;
import com.teesql.spring.boot.autoconfigure.devcluster.AutoConfigureTeeSqlDevCluster;
import com.teesql.spring.boot.autoconfigure.routing.TeeSqlRoutingDataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AutoConfigureTeeSqlDevCluster}: one annotation runs the test's context against the dev cluster, a single
 * node or a replicated one in leader mode.
 */
class AutoConfigureTeeSqlDevClusterTests {

	// The read role may not create the test classpath's Flyway migration.
	@Nested
	@JdbcTest(properties = "spring.flyway.enabled=false")
	@AutoConfigureTeeSqlDevCluster(role = "teesql_read")
	@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
	class SingleNode {

		@Autowired
		JdbcTemplate jdbc;

		@Autowired
		DevCluster cluster;

		@Autowired
		ObjectProvider<DevManifestCluster> replicated;

		@Test
		void connectsToTheDevClusterAsTheGivenRole() {
			assertThat(this.jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("teesql_read");
			assertThat(this.cluster.sidecarStats().sessionsSpliced()).isPositive();
			assertThat(this.replicated.getIfAvailable()).isNull();
		}

	}

	@Nested
	@JdbcTest
	@AutoConfigureTeeSqlDevCluster(nodes = 3)
	@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
	class Replicated {

		@Autowired
		JdbcTemplate jdbc;

		@Autowired
		DataSource dataSource;

		@Autowired
		DevManifestCluster cluster;

		@Test
		void followsTheLeaderOfTheReplicatedDevCluster() throws Exception {
			assertThat(this.cluster.group().nodes()).hasSize(3);
			assertThat(this.dataSource.isWrapperFor(TeeSqlRoutingDataSource.class)).isTrue();
			assertThat(this.jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("teesql_readwrite");
			assertThat(this.jdbc.queryForObject("SELECT pg_is_in_recovery()", Boolean.class)).isFalse();
			assertThat(this.cluster.group().leader().sidecarStats().sessionsSpliced()).isPositive();
		}

	}

	@SpringBootConfiguration
	static class Config {

	}

}
