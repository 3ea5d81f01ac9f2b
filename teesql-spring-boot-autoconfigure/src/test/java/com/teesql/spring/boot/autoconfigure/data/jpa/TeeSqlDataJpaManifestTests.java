package com.teesql.spring.boot.autoconfigure.data.jpa;

import javax.sql.DataSource;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.routing.TeeSqlRoutingDataSource;
import com.teesql.spring.boot.autoconfigure.support.GroupConnectionDetails;
import com.teesql.spring.boot.autoconfigure.support.ManifestTestProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data JPA (Hibernate) through the starter in leader mode on a three-node dev cluster with read-only routing:
 * entities are written on the leader as {@code teesql_readwrite}; {@code @Transactional(readOnly = true)} repository
 * methods (Spring Data's own finders included) run as {@code teesql_read}.
 */
@DataJpaTest(properties = "spring.jpa.hibernate.ddl-auto=create-drop")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@DirtiesContext
class TeeSqlDataJpaManifestTests {

	private static final String DOMAIN = "jpa.teesql.test";

	private static final DevManifestCluster cluster = DevManifestCluster.start(3, DOMAIN);

	@Autowired
	private JpaNoteRepository notes;

	@Autowired
	private DataSource dataSource;

	@DynamicPropertySource
	static void manifest(DynamicPropertyRegistry registry) {
		ManifestTestProperties.register(registry, cluster, DOMAIN);
	}

	@Test
	void writesGoToTheLeaderAndReadOnlyTransactionsToTheReadRole() throws Exception {
		assertThat(this.dataSource.isWrapperFor(TeeSqlRoutingDataSource.class)).isTrue();
		JpaNote saved = this.notes.save(new JpaNote("on the leader"));
		assertThat(this.notes.findById(saved.getId())).hasValueSatisfying(
				(note) -> assertThat(note.getBody()).isEqualTo("on the leader"));
		assertThat(this.notes.findAll()).extracting(JpaNote::getBody).contains("on the leader");
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
