package com.teesql.jdbc.errors;

/**
 * The server certificate carries no RA-TLS attestation extension and simulator mode is off.
 */
public class MissingAttestationExtensionException extends AttestationException {

	private static final long serialVersionUID = 1L;

	/** The documented message; operators grep for it. */
	public static final String MESSAGE = "upstream cert has no TDX attestation extension; "
			+ "set teesql.allow-simulator=true for non-TEE targets";

	public MissingAttestationExtensionException() {
		super(MESSAGE);
	}

}
