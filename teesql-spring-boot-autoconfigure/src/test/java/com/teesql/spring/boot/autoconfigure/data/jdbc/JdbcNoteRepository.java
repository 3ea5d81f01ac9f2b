package com.teesql.spring.boot.autoconfigure.data.jdbc;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;
import org.springframework.transaction.annotation.Transactional;

public interface JdbcNoteRepository extends CrudRepository<JdbcNote, Long> {

	@Transactional(readOnly = true)
	@Query("SELECT current_user")
	String currentUserReadOnly();

	@Transactional
	@Query("SELECT current_user")
	String currentUserReadWrite();

}
