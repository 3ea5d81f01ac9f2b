package com.teesql.sample.r2dbc;

import java.time.OffsetDateTime;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A stored note.
 *
 * @param id database id, {@code null} before it is stored
 * @param body the text
 * @param createdAt when it was stored (set by the database)
 */
@Table("notes")
public record Note(@Id Long id, String body, @Column("created_at") OffsetDateTime createdAt) {
}
