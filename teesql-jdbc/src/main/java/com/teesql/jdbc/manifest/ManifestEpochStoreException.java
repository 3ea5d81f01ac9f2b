package com.teesql.jdbc.manifest;

/**
 * The persisted epoch high-water mark ({@link ManifestEpochStore}) cannot be used: its file cannot be read, is
 * corrupt, or cannot be replaced. At startup this stops the application; when recording a newer epoch fails, the
 * manifest that carried it is refused (the last good one keeps serving until it expires), so that the protection
 * against a replayed former leader never silently lapses.
 */
public class ManifestEpochStoreException extends ManifestException {

	private static final long serialVersionUID = 1L;

	public ManifestEpochStoreException(String message) {
		super(message);
	}

	public ManifestEpochStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
