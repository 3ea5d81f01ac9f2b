package com.teesql.jdbc.errors;

/**
 * Base type of every TeeSQL failure, so callers can catch "any TeeSQL refusal" in one place.
 * It is an {@link java.io.IOException} because pgjdbc only wraps I/O exceptions thrown by a socket factory into its
 * {@code PSQLException}, keeping this exception as the cause.
 */
public class TeeSqlException extends java.io.IOException {

	private static final long serialVersionUID = 1L;

	public TeeSqlException(String message) {
		super(message);
	}

	public TeeSqlException(String message, Throwable cause) {
		super(message, cause);
	}

}
