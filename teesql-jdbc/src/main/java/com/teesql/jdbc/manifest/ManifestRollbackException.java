package com.teesql.jdbc.manifest;

/**
 * The manifest's epoch is older than one already accepted for the same cluster: a replay of a former,
 * still-signed manifest that would send clients to a former leader.
 */
public class ManifestRollbackException extends ManifestException {

	private static final long serialVersionUID = 1L;

	public ManifestRollbackException(String message) {
		super(message);
	}

	public ManifestRollbackException(String message, Throwable cause) {
		super(message, cause);
	}

}
