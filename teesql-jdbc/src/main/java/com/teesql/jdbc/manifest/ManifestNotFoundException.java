package com.teesql.jdbc.manifest;

/**
 * DNS answered, but there is no TXT record at the manifest name (NXDOMAIN or no TXT data).
 */
public class ManifestNotFoundException extends ManifestException {

	private static final long serialVersionUID = 1L;

	public ManifestNotFoundException(String message) {
		super(message);
	}

	public ManifestNotFoundException(String message, Throwable cause) {
		super(message, cause);
	}

}
