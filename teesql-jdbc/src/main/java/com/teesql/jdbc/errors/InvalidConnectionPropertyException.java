package com.teesql.jdbc.errors;

/**
 * A TeeSQL JDBC connection property (a {@code teesql*} URL parameter) has a value that cannot be right; the message
 * names the property. Nothing was sent.
 */
public class InvalidConnectionPropertyException extends TeeSqlException {

	private static final long serialVersionUID = 1L;

	public InvalidConnectionPropertyException(String message) {
		super(message);
	}

	public InvalidConnectionPropertyException(String message, Throwable cause) {
		super(message, cause);
	}

}
