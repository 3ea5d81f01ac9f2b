package com.teesql.jdbc.errors;

/**
 * The TLS handshake (including an optional SSLRequest exchange) did not finish within the configured time.
 */
public class HandshakeTimeoutException extends TeeSqlException {

	private static final long serialVersionUID = 1L;

	private final long timeoutMillis;

	public HandshakeTimeoutException(long timeoutMillis) {
		super("upstream TLS handshake timed out after " + timeoutMillis + "ms");
		this.timeoutMillis = timeoutMillis;
	}

	public long timeoutMillis() {
		return this.timeoutMillis;
	}

}
