package com.teesql.jdbc.manifest;

/**
 * The TXT string is not a well-formed manifest; the message names the offending field, for example
 * {@code missing field: epoch}, {@code duplicate field: epoch}, {@code missing sig field} or
 * {@code sig must be 65 bytes, got 4}.
 */
public class MalformedManifestException extends ManifestException {

	private static final long serialVersionUID = 1L;

	public MalformedManifestException(String message) {
		super(message);
	}

	public MalformedManifestException(String message, Throwable cause) {
		super(message, cause);
	}

}
