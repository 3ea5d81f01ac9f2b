package com.teesql.jdbc.dstack;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import com.teesql.jdbc.errors.GuestAgentException;

/**
 * A minimal HTTP/1.1 client for one {@code POST} over a Unix-domain socket ({@code java.net.http} cannot use Unix
 * sockets). Non-blocking I/O with a selector enforces one deadline over connect, write and every read, so a silent
 * peer can never hang the caller. Supports Content-Length, chunked and read-to-EOF bodies, capped at 1 MiB.
 */
final class UnixSocketHttpExchange {

	private static final int MAX_LINE = 8192;

	private static final int MAX_HEADERS = 100;

	private final Path socketPath;

	private final long timeoutMillis;

	UnixSocketHttpExchange(Path socketPath, long timeoutMillis) {
		this.socketPath = socketPath;
		this.timeoutMillis = timeoutMillis;
	}

	/**
	 * Send a JSON {@code POST} and read the response.
	 * @param path the request path
	 * @param json the request body
	 * @return the response
	 * @throws SocketTimeoutException if the deadline passes
	 * @throws GuestAgentException if the response is not valid HTTP
	 * @throws IOException if the socket cannot be reached
	 */
	GuestAgentResponse post(String path, byte[] json) throws IOException {
		long deadline = System.nanoTime() + this.timeoutMillis * 1_000_000L;
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
				Selector selector = Selector.open()) {
			channel.configureBlocking(false);
			if (!channel.connect(UnixDomainSocketAddress.of(this.socketPath))) {
				await(channel, selector, SelectionKey.OP_CONNECT, deadline);
				channel.finishConnect();
			}
			String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + json.length + "\r\nConnection: close\r\n\r\n";
			byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
			ByteBuffer request = ByteBuffer.allocate(headBytes.length + json.length).put(headBytes).put(json).flip();
			while (request.hasRemaining()) {
				if (channel.write(request) == 0) {
					await(channel, selector, SelectionKey.OP_WRITE, deadline);
				}
			}
			InputStream in = new BufferedInputStream(new DeadlineInputStream(channel, selector, deadline));
			return readResponse(in);
		}
	}

	private void await(SocketChannel channel, Selector selector, int operation, long deadline) throws IOException {
		SelectionKey key = channel.register(selector, operation);
		try {
			while (true) {
				long remaining = (deadline - System.nanoTime()) / 1_000_000L;
				if (remaining <= 0) {
					throw new SocketTimeoutException("no answer within " + this.timeoutMillis + "ms");
				}
				if (selector.select(remaining) > 0) {
					selector.selectedKeys().clear();
					return;
				}
			}
		}
		finally {
			key.interestOps(0);
		}
	}

	static GuestAgentResponse readResponse(InputStream in) throws IOException {
		String statusLine = readLine(in, true);
		String[] parts = statusLine.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
			throw malformed("bad status line '" + truncate(statusLine) + "'");
		}
		int status = Integer.parseInt(parts[1]);
		long contentLength = -1;
		boolean chunked = false;
		for (int count = 0;; count++) {
			if (count > MAX_HEADERS) {
				throw malformed("more than " + MAX_HEADERS + " header lines");
			}
			String line = readLine(in, false);
			if (line.isEmpty()) {
				break;
			}
			int colon = line.indexOf(':');
			if (colon <= 0) {
				throw malformed("bad header line '" + truncate(line) + "'");
			}
			String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = line.substring(colon + 1).trim();
			if (name.equals("content-length")) {
				if (!value.matches("[0-9]{1,10}") || (contentLength >= 0 && contentLength != Long.parseLong(value))) {
					throw malformed("bad Content-Length '" + truncate(value) + "'");
				}
				contentLength = Long.parseLong(value);
			}
			else if (name.equals("transfer-encoding")) {
				chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
			}
		}
		byte[] body;
		if (chunked) {
			body = readChunked(in);
		}
		else if (contentLength >= 0) {
			if (contentLength > GuestAgentResponse.MAX_BODY_SIZE) {
				throw malformed("body of " + contentLength + " bytes exceeds the 1 MiB limit");
			}
			body = in.readNBytes((int) contentLength);
			if (body.length != contentLength) {
				throw malformed("body truncated: " + body.length + " of " + contentLength + " bytes");
			}
		}
		else {
			body = readCapped(in);
		}
		return new GuestAgentResponse(status, body);
	}

	private static byte[] readChunked(InputStream in) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine(in, false);
			int semicolon = sizeLine.indexOf(';');
			String sizeHex = ((semicolon >= 0) ? sizeLine.substring(0, semicolon) : sizeLine).trim();
			if (!sizeHex.matches("[0-9A-Fa-f]{1,8}")) {
				throw malformed("bad chunk size '" + truncate(sizeLine) + "'");
			}
			long size = Long.parseLong(sizeHex, 16);
			if (size == 0) {
				// Trailer section: header lines up to an empty line.
				for (int count = 0; !readLine(in, false).isEmpty(); count++) {
					if (count > MAX_HEADERS) {
						throw malformed("too many trailer lines");
					}
				}
				return body.toByteArray();
			}
			if (body.size() + size > GuestAgentResponse.MAX_BODY_SIZE) {
				throw malformed("chunked body exceeds the 1 MiB limit");
			}
			byte[] chunk = in.readNBytes((int) size);
			if (chunk.length != size) {
				throw malformed("chunk truncated: " + chunk.length + " of " + size + " bytes");
			}
			body.write(chunk);
			if (!readLine(in, false).isEmpty()) {
				throw malformed("chunk not followed by CRLF");
			}
		}
	}

	private static byte[] readCapped(InputStream in) throws IOException {
		byte[] body = in.readNBytes(GuestAgentResponse.MAX_BODY_SIZE + 1);
		if (body.length > GuestAgentResponse.MAX_BODY_SIZE) {
			throw malformed("body exceeds the 1 MiB limit");
		}
		return body;
	}

	private static String readLine(InputStream in, boolean first) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		while (true) {
			int b = in.read();
			if (b < 0) {
				throw malformed(first && line.size() == 0 ? "connection closed before any response"
						: "connection closed in the middle of the response head");
			}
			if (b == '\n') {
				byte[] bytes = line.toByteArray();
				int length = (bytes.length > 0 && bytes[bytes.length - 1] == '\r') ? bytes.length - 1 : bytes.length;
				return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
			}
			if (line.size() >= MAX_LINE) {
				throw malformed("line longer than " + MAX_LINE + " bytes");
			}
			line.write(b);
		}
	}

	private static GuestAgentException malformed(String detail) {
		return new GuestAgentException("dstack guest agent: malformed HTTP response: " + detail);
	}

	private static String truncate(String value) {
		String printable = value.replaceAll("\\p{Cntrl}", "?");
		return (printable.length() > 80) ? printable.substring(0, 80) + "\u2026" : printable;
	}

	/**
	 * Blocking reads over a non-blocking channel, bounded by one absolute deadline.
	 */
	private final class DeadlineInputStream extends InputStream {

		private final SocketChannel channel;

		private final Selector selector;

		private final long deadline;

		DeadlineInputStream(SocketChannel channel, Selector selector, long deadline) {
			this.channel = channel;
			this.selector = selector;
			this.deadline = deadline;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n < 0) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			ByteBuffer target = ByteBuffer.wrap(buffer, offset, length);
			while (true) {
				int n = this.channel.read(target);
				if (n != 0) {
					return n;
				}
				await(this.channel, this.selector, SelectionKey.OP_READ, this.deadline);
			}
		}

	}

}
