package com.teesql.devcluster.sidecar;

/**
 * The sidecar accepted the client's cluster secret but could not log in to PostgreSQL as the role. The message is
 * what the client sees ({@code pg_auth_inject failed: ...}); {@link #backendDetail()} keeps PostgreSQL's own
 * explanation for the log.
 */
class CredentialInjectionException extends Exception {

	static final String PREFIX = "pg_auth_inject failed: ";

	static final String EARLY_EOF = "early eof";

	private final String backendDetail;

	CredentialInjectionException(String reason, String backendDetail) {
		super(PREFIX + reason);
		this.backendDetail = backendDetail;
	}

	String backendDetail() {
		return this.backendDetail;
	}

}
