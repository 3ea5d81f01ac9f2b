package com.teesql.sample.r2dbc;

import reactor.core.publisher.Flux;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * Notes, through Spring Data R2DBC on the attested ConnectionFactory.
 */
interface NoteRepository extends ReactiveCrudRepository<Note, Long> {

	Flux<Note> findAllByOrderByIdAsc();

}
