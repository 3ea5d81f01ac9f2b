package com.teesql.spring.boot.autoconfigure.data.jdbc;

import javax.sql.DataSource;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.routing.TeeSqlRoutingDataSource;
import com.teesql.spring.boot.autoconfigure.support.GroupConnectionDetails;
import com.teesql.spring.boot.autoconfigure.support.ManifestTestProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data JDBC through the starter in leader mode on a three-node dev cluster with read-only routing: entities
 * are written on the leader as {@code teesql_readwrite}; {@code @Transactional(readOnly = true)} repository methods
 * (Spring Data's own finders included) run as {@code teesql_read}. The fixed-target case is
 * {@code TeeSqlDataJdbcTestSliceTests}.
 */
@DataJdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@DirtiesContext
class TeeSqlDataJdbcManifestTests {

	private static final String DOMAIN = "datajdbc.teesql.test";

	private static final DevManifestCluster cluster = DevManifestCluster.start(3, DOMAIN);

	@Autowired
	private JdbcNoteRepository notes;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private DataSource dataSource;

	@DynamicPropertySource
	static void manifest(DynamicPropertyRegistry registry) {
		ManifestTestProperties.register(registry, cluster, DOMAIN);
	}

	@Test
	void writesGoToTheLeaderAndReadOnlyTransactionsToTheReadRole() throws Exception {
		assertThat(this.dataSource.isWrapperFor(TeeSqlRoutingDataSource.class)).isTrue();
		this.jdbc.execute("CREATE TABLE jdbc_note (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)");
		JdbcNote saved = this.notes.save(new JdbcNote(null, "on the leader"));
		assertThat(saved.id()).isNotNull();
		assertThat(this.notes.findById(saved.id())).hasValueSatisfying(
				(note) -> assertThat(note.body()).isEqualTo("on the leader"));
		assertThat(this.notes.findAll()).extracting(JdbcNote::body).containsExactly("on the leader");
		assertThat(this.notes.currentUserReadWrite()).isEqualTo("teesql_readwrite");
		assertThat(this.notes.currentUserReadOnly()).isEqualTo("teesql_read");
		assertThat(cluster.group().leader().sidecarStats().sessionsSpliced()).isPositive();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Details {

		// The context owns the cluster, closing it after everything that uses it (@DirtiesContext: at the class end).
		@Bean(destroyMethod = "close")
		DevManifestCluster teesqlDevManifestCluster() {
			return cluster;
		}

		@Bean
		TeeSqlConnectionDetails teesqlConnectionDetails(DevManifestCluster group) {
			return GroupConnectionDetails.readWrite(group.group());
		}

	}

}
