package com.teesql.jdbc.manifest;

/**
 * The server reached through the manifest attested another dstack instance than the manifest's
 * {@code leader_instance}.
 */
public class ManifestLeaderInstanceMismatchException extends ManifestException {

	private static final long serialVersionUID = 1L;

	public ManifestLeaderInstanceMismatchException(String message) {
		super(message);
	}

	public ManifestLeaderInstanceMismatchException(String message, Throwable cause) {
		super(message, cause);
	}

}
