package com.teesql.jdbc.errors;

/**
 * The attestation extension uses a wire format this version cannot decode (for example the V1 msgpack
 * envelope).
 */
public class UnsupportedAttestationFormatException extends AttestationException {

	private static final long serialVersionUID = 1L;

	public UnsupportedAttestationFormatException(String message) {
		super(message);
	}

	public UnsupportedAttestationFormatException(String message, Throwable cause) {
		super(message, cause);
	}

}
