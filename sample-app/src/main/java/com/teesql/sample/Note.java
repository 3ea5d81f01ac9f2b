package com.teesql.sample;

import java.time.OffsetDateTime;

/**
 * A stored note.
 *
 * @param id database id
 * @param body the text
 * @param createdAt when it was stored
 */
public record Note(long id, String body, OffsetDateTime createdAt) {
}
