package com.teesql.jdbc.errors;

/**
 * The DSN is not a usable TeeSQL URI. The message names what is wrong but never echoes the cluster secret.
 */
public class InvalidDsnException extends TeeSqlException {

	private static final long serialVersionUID = 1L;

	/** Message for anything that is not a {@code postgresql://} or {@code postgres://} URI. */
	public static final String URI_FORM_REQUIRED = "teesql-jdbc requires a URI-form DSN (postgresql://user:pw@host:port/db)";

	public InvalidDsnException(String message) {
		super(message);
	}

	public InvalidDsnException(String message, Throwable cause) {
		super(message, cause);
	}

}
