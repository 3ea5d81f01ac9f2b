package com.teesql.spring.boot.autoconfigure.slice;

import com.teesql.devcluster.DevCluster;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectorRegistration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.CrudRepository;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code @DataJdbcTest} slice on the dev cluster: a Spring Data JDBC repository saves and reads an entity
 * through the attested DataSource. The table is created inside the test's transaction, which the slice rolls back.
 */
@DataJdbcTest(properties = "teesql.dev-cluster.enabled=true")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class TeeSqlDataJdbcTestSliceTests {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private SliceNoteRepository notes;

	@Autowired
	private DevCluster cluster;

	@Autowired
	private TeeSqlConnectorRegistration registration;

	@Test
	void repositorySavesAndReadsThroughAnAttestedConnection() {
		this.jdbc.execute("CREATE TABLE slice_note (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)");
		SliceNote saved = this.notes.save(new SliceNote(null, "through RA-TLS"));
		assertThat(saved.id()).isNotNull();
		assertThat(this.notes.findById(saved.id())).hasValueSatisfying((note) -> assertThat(note.body())
			.isEqualTo("through RA-TLS"));
		assertThat(this.jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("teesql_readwrite");
		assertThat(this.registration.getConnector().lastResult().orElseThrow().appId()).isEqualTo(this.cluster.appId());
	}

	@Table("slice_note")
	record SliceNote(@Id Long id, String body) {

	}

	interface SliceNoteRepository extends CrudRepository<SliceNote, Long> {

	}

	@SpringBootConfiguration
	@EnableJdbcRepositories(considerNestedRepositories = true, basePackageClasses = TeeSqlDataJdbcTestSliceTests.class)
	static class Config {

	}

}
