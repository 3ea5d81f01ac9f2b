package com.teesql.jdbc.manifest;

/**
 * Several TXT records were found and every one of them was refused; the message lists each reason and the
 * individual exceptions are attached as suppressed exceptions.
 */
public class ManifestRejectedException extends ManifestException {

	private static final long serialVersionUID = 1L;

	public ManifestRejectedException(String message) {
		super(message);
	}

	public ManifestRejectedException(String message, Throwable cause) {
		super(message, cause);
	}

}
