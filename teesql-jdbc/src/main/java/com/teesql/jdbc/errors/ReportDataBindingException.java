package com.teesql.jdbc.errors;

/**
 * The quote's REPORTDATA does not bind the TLS certificate key (a replayed or foreign quote), or the
 * attestation envelope's report data disagrees with the quote.
 */
public class ReportDataBindingException extends AttestationException {

	private static final long serialVersionUID = 1L;

	public ReportDataBindingException(String message) {
		super(message);
	}

	public ReportDataBindingException(String message, Throwable cause) {
		super(message, cause);
	}

}
