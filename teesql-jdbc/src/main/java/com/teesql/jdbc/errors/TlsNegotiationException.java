package com.teesql.jdbc.errors;

/**
 * TLS could not be negotiated with the server: SSLRequest refused, unexpected reply byte, or a failed
 * handshake.
 */
public class TlsNegotiationException extends TeeSqlException {

	private static final long serialVersionUID = 1L;

	public TlsNegotiationException(String message) {
		super(message);
	}

	public TlsNegotiationException(String message, Throwable cause) {
		super(message, cause);
	}

}
