package com.teesql.jdbc.errors;

/**
 * Base type of every refusal of the server's attestation evidence.
 */
public abstract class AttestationException extends TeeSqlException {

	private static final long serialVersionUID = 1L;

	public AttestationException(String message) {
		super(message);
	}

	public AttestationException(String message, Throwable cause) {
		super(message, cause);
	}

}
