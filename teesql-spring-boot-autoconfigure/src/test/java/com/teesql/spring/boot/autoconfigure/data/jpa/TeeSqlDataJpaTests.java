package com.teesql.spring.boot.autoconfigure.data.jpa;

import com.teesql.devcluster.DevCluster;
import com.teesql.spring.boot.autoconfigure.devcluster.AutoConfigureTeeSqlDevCluster;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data JPA (Hibernate) through the starter with a fixed target (the single-node dev cluster): entities saved
 * and read back through RA-TLS. Each repository call runs its own transaction (not the slice's test transaction),
 * as in an application.
 */
@DataJpaTest(properties = "spring.jpa.hibernate.ddl-auto=create-drop")
@AutoConfigureTeeSqlDevCluster
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class TeeSqlDataJpaTests {

	@Autowired
	private JpaNoteRepository notes;

	@Autowired
	private DevCluster cluster;

	@Test
	void entitiesAreSavedAndReadThroughTheAttestedDataSource() {
		long spliced = this.cluster.sidecarStats().sessionsSpliced();
		JpaNote saved = this.notes.save(new JpaNote("through RA-TLS with JPA"));
		assertThat(saved.getId()).isNotNull();
		assertThat(this.notes.findById(saved.getId())).hasValueSatisfying(
				(note) -> assertThat(note.getBody()).isEqualTo("through RA-TLS with JPA"));
		assertThat(this.notes.count()).isPositive();
		// A fixed target has one role: read-only transactions use it too.
		assertThat(this.notes.currentUserReadWrite()).isEqualTo("teesql_readwrite");
		assertThat(this.notes.currentUserReadOnly()).isEqualTo("teesql_readwrite");
		assertThat(this.cluster.sidecarStats().sessionsSpliced()).isGreaterThanOrEqualTo(spliced);
	}

}
