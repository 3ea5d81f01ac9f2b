package com.teesql.devcluster.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An HTTP response: status, content type, extra headers and a body that is always sent with a Content-Length.
 *
 * @param status the status code
 * @param contentType the content type, or {@code null} for none
 * @param headers additional headers
 * @param body the body
 */
public record LocalHttpResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String JSON_CONTENT_TYPE = "application/json";

	public LocalHttpResponse {
		if (status < 100 || status > 599) {
			throw new IllegalArgumentException("HTTP status out of range: " + status);
		}
		headers = Map.copyOf(headers);
		body = body.clone();
	}

	/**
	 * A JSON response.
	 * @param status the status code
	 * @param value any value Jackson can serialise
	 * @return the response
	 */
	public static LocalHttpResponse json(int status, Object value) {
		try {
			return new LocalHttpResponse(status, JSON_CONTENT_TYPE, Map.of(), JSON.writeValueAsBytes(value));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Response value is not serialisable as JSON", ex);
		}
	}

	/**
	 * A JSON error response {@code {"error": message}}.
	 * @param status the status code
	 * @param message the error message
	 * @return the response
	 */
	public static LocalHttpResponse error(int status, String message) {
		return json(status, Map.of("error", message));
	}

	/**
	 * A plain-text response.
	 * @param status the status code
	 * @param text the body
	 * @return the response
	 */
	public static LocalHttpResponse text(int status, String text) {
		return new LocalHttpResponse(status, "text/plain; charset=utf-8", Map.of(),
				text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A copy with one more header.
	 * @param name the header name
	 * @param value the header value
	 * @return the copy
	 */
	public LocalHttpResponse withHeader(String name, String value) {
		Map<String, String> copy = new LinkedHashMap<>(this.headers);
		copy.put(name, value);
		return new LocalHttpResponse(this.status, this.contentType, copy, this.body);
	}

	@Override
	public byte[] body() {
		return this.body.clone();
	}

	@Override
	public String toString() {
		return "LocalHttpResponse[" + this.status + ", " + this.body.length + " body bytes]";
	}

}
