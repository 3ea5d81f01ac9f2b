package com.teesql.jdbc.errors;

/**
 * Base type of every TeeSQL failure, so callers can catch "any TeeSQL refusal" in one place.
 * It is an {@link java.io.IOException} because pgjdbc only wraps I/O exceptions thrown by a socket factory into its
 * {@code PSQLException}, keeping this exception as the cause.
 * <p>
 * A failure of a connection names the {@code host:port} it concerns ({@link #target()}): the connector sets it on
 * whatever it throws, so that reports (such as Spring Boot's failure analyzers) say which server refused without
 * re-reading the configuration.
 */
public class TeeSqlException extends java.io.IOException {

	private static final long serialVersionUID = 1L;

	private volatile String target;

	public TeeSqlException(String message) {
		super(message);
	}

	public TeeSqlException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * The server this failure concerns.
	 * @return {@code host:port} (an IPv6 host in brackets), or {@code null} when the failure concerns no connection
	 * or was not raised by a connector
	 */
	public String target() {
		return this.target;
	}

	/**
	 * Name the server this failure concerns, unless one is named already (the innermost knowledge wins).
	 * @param target {@code host:port}
	 * @return this exception
	 */
	public TeeSqlException withTarget(String target) {
		if (this.target == null) {
			this.target = target;
		}
		return this;
	}

}
