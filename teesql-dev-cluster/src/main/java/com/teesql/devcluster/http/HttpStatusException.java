package com.teesql.devcluster.http;

/**
 * Thrown by handlers (and the request parser) to answer with a JSON error {@code {"error": message}} and the given
 * status. The message is sent to the client, so it must never contain secrets.
 */
public class HttpStatusException extends RuntimeException {

	private final int status;

	public HttpStatusException(int status, String message) {
		super(message);
		this.status = status;
	}

	public HttpStatusException(int status, String message, Throwable cause) {
		super(message, cause);
		this.status = status;
	}

	/**
	 * The HTTP status to answer with.
	 * @return the status code
	 */
	public int status() {
		return this.status;
	}

}
