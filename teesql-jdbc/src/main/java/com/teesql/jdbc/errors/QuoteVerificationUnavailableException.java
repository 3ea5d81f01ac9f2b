package com.teesql.jdbc.errors;

/**
 * Quote signature verification was requested but is not available.
 */
public class QuoteVerificationUnavailableException extends AttestationException {

	private static final long serialVersionUID = 1L;

	/** Message used while DCAP verification is not part of this version. */
	public static final String DCAP_NOT_AVAILABLE = "quote signature verification (teesql.attestation.verifier=dcap) is not available in this version; "
			+ "set teesql.attestation.verifier=none to connect without verifying quote signatures (development only)";

	public QuoteVerificationUnavailableException(String message) {
		super(message);
	}

	public QuoteVerificationUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
