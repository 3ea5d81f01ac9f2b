package com.teesql.jdbc.errors;

/**
 * Malformed quote, SCALE envelope or certificate extension; the message names the field or offset.
 */
public class QuoteFormatException extends AttestationException {

	private static final long serialVersionUID = 1L;

	public QuoteFormatException(String message) {
		super(message);
	}

	public QuoteFormatException(String message, Throwable cause) {
		super(message, cause);
	}

}
