package com.teesql.devcluster.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serialises a {@link LocalHttpResponse} as an HTTP/1.1 message that closes the connection.
 */
final class HttpResponseWriter {

	private HttpResponseWriter() {
	}

	static byte[] serialize(LocalHttpResponse response) {
		StringBuilder head = new StringBuilder(128);
		head.append("HTTP/1.1 ").append(response.status()).append(' ').append(reason(response.status()))
			.append("\r\n");
		if (response.contentType() != null) {
			head.append("Content-Type: ").append(response.contentType()).append("\r\n");
		}
		byte[] body = response.body();
		head.append("Content-Length: ").append(body.length).append("\r\n");
		for (Map.Entry<String, String> header : response.headers().entrySet()) {
			head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
		byte[] message = new byte[headBytes.length + body.length];
		System.arraycopy(headBytes, 0, message, 0, headBytes.length);
		System.arraycopy(body, 0, message, headBytes.length, body.length);
		return message;
	}

	static String reason(int status) {
		return switch (status) {
			case 200 -> "OK";
			case 201 -> "Created";
			case 204 -> "No Content";
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 405 -> "Method Not Allowed";
			case 408 -> "Request Timeout";
			case 413 -> "Content Too Large";
			case 431 -> "Request Header Fields Too Large";
			case 500 -> "Internal Server Error";
			case 501 -> "Not Implemented";
			case 503 -> "Service Unavailable";
			default -> "Status " + status;
		};
	}

}
