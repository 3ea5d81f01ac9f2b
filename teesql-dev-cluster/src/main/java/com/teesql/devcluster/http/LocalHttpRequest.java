package com.teesql.devcluster.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed HTTP/1.1 request.
 *
 * @param method the request method, e.g. {@code POST}
 * @param path the request path without query string
 * @param query the raw query string, or {@code null}
 * @param headers header values keyed by lower-case name
 * @param body the request body (empty if none)
 */
public record LocalHttpRequest(String method, String path, String query, Map<String, String> headers, byte[] body) {

	public LocalHttpRequest {
		headers = Map.copyOf(headers);
		body = body.clone();
	}

	/**
	 * A header value by case-insensitive name.
	 * @param name the header name
	 * @return the value or {@code null}
	 */
	public String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	@Override
	public byte[] body() {
		return this.body.clone();
	}

	/**
	 * The body decoded as UTF-8.
	 * @return the text
	 */
	public String bodyAsString() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "LocalHttpRequest[" + this.method + " " + this.path + ", " + this.body.length + " body bytes]";
	}

}
