package com.teesql.jdbc.manifest;

/**
 * DNS could not be asked: timeout, server failure, refused query or an unusable resolver address. Unlike a
 * refusal, retrying later may help.
 */
public class ManifestResolutionException extends ManifestException {

	private static final long serialVersionUID = 1L;

	public ManifestResolutionException(String message) {
		super(message);
	}

	public ManifestResolutionException(String message, Throwable cause) {
		super(message, cause);
	}

}
