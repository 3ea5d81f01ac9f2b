package com.teesql.spring.boot.autoconfigure.data.jpa;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

public interface JpaNoteRepository extends JpaRepository<JpaNote, Long> {

	@Transactional(readOnly = true)
	@Query(value = "SELECT current_user", nativeQuery = true)
	String currentUserReadOnly();

	@Transactional
	@Query(value = "SELECT current_user", nativeQuery = true)
	String currentUserReadWrite();

}
