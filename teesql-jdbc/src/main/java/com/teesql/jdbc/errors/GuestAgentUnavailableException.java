package com.teesql.jdbc.errors;

/**
 * The dstack guest agent could not be reached (missing socket, connection refused, no answer in time).
 */
public class GuestAgentUnavailableException extends TeeSqlException {

	private static final long serialVersionUID = 1L;

	public GuestAgentUnavailableException(String message) {
		super(message);
	}

	public GuestAgentUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
