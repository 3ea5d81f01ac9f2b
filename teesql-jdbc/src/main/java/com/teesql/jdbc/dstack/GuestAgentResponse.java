package com.teesql.jdbc.dstack;

/**
 * Status and body of one HTTP exchange with the guest agent.
 *
 * @param status the HTTP status code
 * @param body the body bytes (at most {@link GuestAgentResponse#MAX_BODY_SIZE})
 */
record GuestAgentResponse(int status, byte[] body) {

	/** Responses are small JSON documents; anything larger is refused rather than buffered. */
	static final int MAX_BODY_SIZE = 1024 * 1024;

}
