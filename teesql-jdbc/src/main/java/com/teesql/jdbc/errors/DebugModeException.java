package com.teesql.jdbc.errors;

/**
 * The TD runs with the TDX debug attribute set and debug mode is not allowed.
 */
public class DebugModeException extends AttestationException {

	private static final long serialVersionUID = 1L;

	/** The documented message; operators grep for it. */
	public static final String MESSAGE = "TDX TD is in debug mode — connection refused. "
			+ "Debug TDs have no confidentiality guarantees. "
			+ "Set teesql.attestation.allow-debug-mode=true to override (not recommended for production).";

	public DebugModeException() {
		super(MESSAGE);
	}

}
