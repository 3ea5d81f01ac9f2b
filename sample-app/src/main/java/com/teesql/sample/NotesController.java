package com.teesql.sample;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /notes} stores a note, {@code GET /notes} lists them.
 */
@RestController
@RequestMapping("/notes")
class NotesController {

	private final JdbcClient jdbc;

	NotesController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Note create(@RequestBody NewNote note) {
		if (note == null || note.body() == null || note.body().isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "body must not be blank");
		}
		return this.jdbc.sql("INSERT INTO notes (body) VALUES (:body) RETURNING id, body, created_at")
			.param("body", note.body())
			.query(Note.class)
			.single();
	}

	@GetMapping
	List<Note> list() {
		return this.jdbc.sql("SELECT id, body, created_at FROM notes ORDER BY id").query(Note.class).list();
	}

	record NewNote(String body) {
	}

}
