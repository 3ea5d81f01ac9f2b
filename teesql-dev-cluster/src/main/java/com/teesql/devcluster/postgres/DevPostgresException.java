package com.teesql.devcluster.postgres;

/**
 * Thrown when the development PostgreSQL server cannot be started, reached or provisioned. Messages name the
 * offending value but never contain passwords.
 *
 * @author TeeSQL contributors
 */
public class DevPostgresException extends RuntimeException {

	public DevPostgresException(String message) {
		super(message);
	}

	public DevPostgresException(String message, Throwable cause) {
		super(message, cause);
	}

}
