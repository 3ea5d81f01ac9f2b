package com.teesql.jdbc.manifest;

/**
 * The manifest's {@code v} field is not {@code 1}: {@code unsupported manifest version: <v>}.
 */
public class UnsupportedManifestVersionException extends ManifestException {

	private static final long serialVersionUID = 1L;

	public UnsupportedManifestVersionException(String message) {
		super(message);
	}

	public UnsupportedManifestVersionException(String message, Throwable cause) {
		super(message, cause);
	}

}
