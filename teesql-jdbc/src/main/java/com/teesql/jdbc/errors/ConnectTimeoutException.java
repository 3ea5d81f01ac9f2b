package com.teesql.jdbc.errors;

/**
 * The TCP connection to the server could not be established within the configured time.
 */
public class ConnectTimeoutException extends UpstreamUnreachableException {

	private static final long serialVersionUID = 1L;

	private final long timeoutMillis;

	public ConnectTimeoutException(long timeoutMillis, Throwable cause) {
		super("upstream TCP connect timed out after " + timeoutMillis + "ms", cause);
		this.timeoutMillis = timeoutMillis;
	}

	public long timeoutMillis() {
		return this.timeoutMillis;
	}

}
