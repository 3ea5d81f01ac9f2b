package com.teesql.jdbc.errors;

/**
 * The server's RA-TLS certificate chain does not anchor to the pinned dstack KMS root
 * ({@code teesql.attestation.kms-root-ca}).
 */
public class CertChainVerificationException extends AttestationException {

	private static final long serialVersionUID = 1L;

	public CertChainVerificationException(String detail, Throwable cause) {
		super("cert chain verification failed: " + detail, cause);
	}

}
