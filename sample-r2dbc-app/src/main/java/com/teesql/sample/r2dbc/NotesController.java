package com.teesql.sample.r2dbc;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /notes} stores a note, {@code GET /notes} lists them; reactive end to end.
 */
@RestController
@RequestMapping("/notes")
class NotesController {

	private final NoteRepository notes;

	NotesController(NoteRepository notes) {
		this.notes = notes;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Note> create(@RequestBody NewNote note) {
		if (note == null || note.body() == null || note.body().isBlank()) {
			return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "body must not be blank"));
		}
		// Re-read after the insert: created_at is set by the database.
		return this.notes.save(new Note(null, note.body(), null)).flatMap((saved) -> this.notes.findById(saved.id()));
	}

	@GetMapping
	Flux<Note> list() {
		return this.notes.findAllByOrderByIdAsc();
	}

	record NewNote(String body) {
	}

}
