package com.teesql.jdbc.errors;

/**
 * The sidecar (or gateway) could not be reached at all: the host does not resolve, or the TCP connection was
 * refused, reset or timed out. Nothing was attested and nothing was sent.
 */
public class UpstreamUnreachableException extends TeeSqlException {

	private static final long serialVersionUID = 1L;

	public UpstreamUnreachableException(String message) {
		super(message);
	}

	public UpstreamUnreachableException(String message, Throwable cause) {
		super(message, cause);
	}

}
