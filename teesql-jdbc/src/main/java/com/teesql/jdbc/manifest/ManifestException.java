package com.teesql.jdbc.manifest;

/**
 * Base type of every refusal of a signed leader manifest (parse, signature, freshness, rollback, cluster,
 * DNS). Messages never contain secrets: a manifest is public data.
 */
public class ManifestException extends com.teesql.jdbc.errors.TeeSqlException {

	private static final long serialVersionUID = 1L;

	public ManifestException(String message) {
		super(message);
	}

	public ManifestException(String message, Throwable cause) {
		super(message, cause);
	}

}
