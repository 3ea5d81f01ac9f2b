package com.teesql.jdbc.manifest;

/**
 * The manifest names another cluster than the configured one:
 * {@code manifest is for cluster 0x…, expected 0x…}.
 */
public class ManifestClusterMismatchException extends ManifestException {

	private static final long serialVersionUID = 1L;

	public ManifestClusterMismatchException(String message) {
		super(message);
	}

	public ManifestClusterMismatchException(String message, Throwable cause) {
		super(message, cause);
	}

}
