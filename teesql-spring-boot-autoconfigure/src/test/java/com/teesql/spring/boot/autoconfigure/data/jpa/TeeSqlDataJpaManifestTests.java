package com.teesql.spring.boot.autoconfigure.data.jpa;

import javax.sql.DataSource;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.spring.boot.autoconfigure.devcluster.AutoConfigureTeeSqlDevCluster;
import com.teesql.spring.boot.autoconfigure.routing.TeeSqlRoutingDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data JPA (Hibernate) through the starter in leader mode on a three-node dev cluster with read-only routing:
 * entities are written on the leader as {@code teesql_readwrite}; {@code @Transactional(readOnly = true)} repository
 * methods (Spring Data's own finders included) run as {@code teesql_read}.
 */
@DataJpaTest(properties = { "spring.jpa.hibernate.ddl-auto=create-drop", "teesql.read-only.enabled=true" })
@AutoConfigureTeeSqlDevCluster(nodes = 3)
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@DirtiesContext
class TeeSqlDataJpaManifestTests {

	@Autowired
	private JpaNoteRepository notes;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private DevManifestCluster cluster;

	@Test
	void writesGoToTheLeaderAndReadOnlyTransactionsToTheReadRole() throws Exception {
		assertThat(this.dataSource.isWrapperFor(TeeSqlRoutingDataSource.class)).isTrue();
		JpaNote saved = this.notes.save(new JpaNote("on the leader"));
		assertThat(this.notes.findById(saved.getId())).hasValueSatisfying(
				(note) -> assertThat(note.getBody()).isEqualTo("on the leader"));
		assertThat(this.notes.findAll()).extracting(JpaNote::getBody).contains("on the leader");
		assertThat(this.notes.currentUserReadWrite()).isEqualTo("teesql_readwrite");
		assertThat(this.notes.currentUserReadOnly()).isEqualTo("teesql_read");
		assertThat(this.cluster.group().leader().sidecarStats().sessionsSpliced()).isPositive();
	}

}
