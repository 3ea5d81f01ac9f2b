package com.teesql.jdbc.manifest;

/**
 * The manifest is no longer fresh: {@code manifest expired: valid_until=<n> now=<n>}.
 */
public class ManifestExpiredException extends ManifestException {

	private static final long serialVersionUID = 1L;

	public ManifestExpiredException(String message) {
		super(message);
	}

	public ManifestExpiredException(String message, Throwable cause) {
		super(message, cause);
	}

}
