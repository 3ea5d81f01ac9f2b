package com.teesql.jdbc.errors;

/**
 * The runtime events in the attestation envelope do not replay to the quote's RTMR3, or are missing where an
 * allowlist needs them; the app-id, compose-hash and instance-id they carry cannot be trusted.
 */
public class RuntimeEventsException extends AttestationException {

	private static final long serialVersionUID = 1L;

	public RuntimeEventsException(String message) {
		super(message);
	}

}
