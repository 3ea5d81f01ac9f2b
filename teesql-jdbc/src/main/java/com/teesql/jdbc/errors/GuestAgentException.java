package com.teesql.jdbc.errors;

/**
 * The dstack guest agent answered, but with an error status or an unusable response.
 */
public class GuestAgentException extends TeeSqlException {

	private static final long serialVersionUID = 1L;

	public GuestAgentException(String message) {
		super(message);
	}

	public GuestAgentException(String message, Throwable cause) {
		super(message, cause);
	}

}
