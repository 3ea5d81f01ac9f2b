package com.teesql.devcluster.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one HTTP/1.x request (request line, headers, Content-Length body) from a {@link DeadlineChannel}. Anything
 * it cannot accept becomes an {@link HttpStatusException}: 400 malformed, 413 body too large, 431 header section too
 * large, 501 transfer codings.
 */
final class HttpRequestReader {

	static final int MAX_HEADER_BYTES = 16 * 1024;

	private static final byte[] HEADER_END = { '\r', '\n', '\r', '\n' };

	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

	private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private final DeadlineChannel channel;

	private final int maxBodyBytes;

	HttpRequestReader(DeadlineChannel channel, int maxBodyBytes) {
		this.channel = channel;
		this.maxBodyBytes = maxBodyBytes;
	}

	/**
	 * Reads the request.
	 * @return the request, or {@code null} if the client closed the connection without sending anything
	 */
	LocalHttpRequest read() throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		ByteBuffer buffer = ByteBuffer.allocate(4096);
		int headerEnd;
		while ((headerEnd = indexOf(received.toByteArray(), HEADER_END)) < 0) {
			if (received.size() > MAX_HEADER_BYTES) {
				throw new HttpStatusException(431, "request header section exceeds " + MAX_HEADER_BYTES + " bytes");
			}
			buffer.clear();
			if (this.channel.read(buffer) < 0) {
				if (received.size() == 0) {
					return null;
				}
				throw new HttpStatusException(400, "connection closed before the end of the request headers");
			}
			received.write(buffer.array(), 0, buffer.position());
		}
		byte[] all = received.toByteArray();
		if (headerEnd > MAX_HEADER_BYTES) {
			throw new HttpStatusException(431, "request header section exceeds " + MAX_HEADER_BYTES + " bytes");
		}
		String head = new String(all, 0, headerEnd, StandardCharsets.ISO_8859_1);
		String[] lines = head.split("\r\n", -1);
		String[] requestLine = parseRequestLine(lines[0]);
		Map<String, String> headers = parseHeaders(lines);
		if (headers.containsKey("transfer-encoding")) {
			throw new HttpStatusException(501, "transfer codings are not supported; send a Content-Length");
		}
		int contentLength = contentLength(headers.get("content-length"));
		if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
			this.channel.writeFully(ByteBuffer.wrap(CONTINUE));
		}
		byte[] body = readBody(all, headerEnd + HEADER_END.length, contentLength);
		String target = requestLine[1];
		int queryStart = target.indexOf('?');
		String path = (queryStart >= 0) ? target.substring(0, queryStart) : target;
		String query = (queryStart >= 0) ? target.substring(queryStart + 1) : null;
		return new LocalHttpRequest(requestLine[0], path, query, headers, body);
	}

	private static String[] parseRequestLine(String line) {
		String[] parts = line.split(" ", -1);
		if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches() || !parts[1].startsWith("/")
				|| !(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"))) {
			throw new HttpStatusException(400, "malformed request line: '" + Printable.abbreviate(line) + "'");
		}
		return parts;
	}

	private static Map<String, String> parseHeaders(String[] lines) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			String line = lines[i];
			int colon = line.indexOf(':');
			if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
				throw new HttpStatusException(400, "malformed header line: '" + Printable.abbreviate(line) + "'");
			}
			String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
			String value = line.substring(colon + 1).strip();
			String previous = headers.putIfAbsent(name, value);
			if (previous != null) {
				if (name.equals("content-length") && !previous.equals(value)) {
					throw new HttpStatusException(400, "conflicting Content-Length headers");
				}
				headers.put(name, previous + ", " + value);
			}
		}
		headers.computeIfPresent("content-length", (name, value) -> value.split(",")[0].strip());
		return headers;
	}

	private int contentLength(String value) {
		if (value == null) {
			return 0;
		}
		if (!DIGITS.matcher(value).matches()) {
			throw new HttpStatusException(400, "invalid Content-Length: '" + Printable.abbreviate(value) + "'");
		}
		long length = Long.parseLong(value);
		if (length > this.maxBodyBytes) {
			throw new HttpStatusException(413,
					"request body of " + length + " bytes exceeds the limit of " + this.maxBodyBytes + " bytes");
		}
		return (int) length;
	}

	private byte[] readBody(byte[] received, int bodyStart, int contentLength) throws IOException {
		byte[] body = new byte[contentLength];
		int already = Math.min(received.length - bodyStart, contentLength);
		System.arraycopy(received, bodyStart, body, 0, already);
		ByteBuffer remaining = ByteBuffer.wrap(body, already, contentLength - already);
		while (remaining.hasRemaining()) {
			if (this.channel.read(remaining) < 0) {
				throw new HttpStatusException(400, "connection closed after " + remaining.position()
						+ " of " + contentLength + " body bytes");
			}
		}
		return body;
	}

	private static int indexOf(byte[] data, byte[] pattern) {
		outer: for (int i = 0; i <= data.length - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (data[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
