package com.teesql.jdbc.manifest;

/**
 * A {@code leader_url} that cannot be turned into a host and port to dial; the message names the URL.
 */
public class InvalidLeaderUrlException extends ManifestException {

	private static final long serialVersionUID = 1L;

	public InvalidLeaderUrlException(String message) {
		super(message);
	}

	public InvalidLeaderUrlException(String message, Throwable cause) {
		super(message, cause);
	}

}
