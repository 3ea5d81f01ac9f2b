package com.teesql.devcluster.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Test client that writes raw bytes to a TCP or Unix-domain address and reads the whole response until the server
 * closes, with a hard timeout so a broken server fails the test instead of hanging it.
 */
public final class RawHttpClient {

	private static final long TIMEOUT_MILLIS = 15_000;

	private RawHttpClient() {
	}

	public static Response exchange(SocketAddress address, String request) throws IOException {
		return exchange(address, request.getBytes(StandardCharsets.UTF_8));
	}

	public static Response exchange(SocketAddress address, byte[] request) throws IOException {
		try (SocketChannel channel = open(address)) {
			ByteBuffer buffer = ByteBuffer.wrap(request);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
			// Half-close so that a truncated request reaches end of stream instead of the server's deadline.
			channel.shutdownOutput();
			return readAll(channel);
		}
	}

	public static Response post(SocketAddress address, String path, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		String head = "POST " + path + " HTTP/1.1\r\nHost: dstack\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + body.length + "\r\n\r\n";
		byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
		byte[] request = new byte[headBytes.length + body.length];
		System.arraycopy(headBytes, 0, request, 0, headBytes.length);
		System.arraycopy(body, 0, request, headBytes.length, body.length);
		return exchange(address, request);
	}

	public static SocketChannel open(SocketAddress address) throws IOException {
		SocketChannel channel = SocketChannel.open((address instanceof UnixDomainSocketAddress)
				? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
		channel.connect(address);
		return channel;
	}

	public static Response readAll(SocketChannel channel) throws IOException {
		channel.configureBlocking(false);
		long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		try (Selector selector = Selector.open()) {
			channel.register(selector, SelectionKey.OP_READ);
			while (true) {
				buffer.clear();
				int count = channel.read(buffer);
				if (count < 0) {
					break;
				}
				if (count > 0) {
					received.write(buffer.array(), 0, count);
					continue;
				}
				long remaining = deadline - System.currentTimeMillis();
				if (remaining <= 0) {
					throw new SocketTimeoutException("server did not close the connection within " + TIMEOUT_MILLIS
							+ " ms; received: " + received.toString(StandardCharsets.UTF_8));
				}
				selector.select(remaining);
				selector.selectedKeys().clear();
			}
		}
		return Response.parse(received.toString(StandardCharsets.UTF_8));
	}

	/** A parsed response. */
	public record Response(int status, String head, String body) {

		static Response parse(String text) {
			int headEnd = text.indexOf("\r\n\r\n");
			if (headEnd < 0) {
				throw new IllegalStateException("incomplete HTTP response: '" + text + "'");
			}
			String head = text.substring(0, headEnd);
			int status = Integer.parseInt(head.substring(9, 12));
			return new Response(status, head, text.substring(headEnd + 4));
		}

		public String header(String name) {
			return head.lines()
				.filter((line) -> line.toLowerCase().startsWith(name.toLowerCase() + ":"))
				.map((line) -> line.substring(line.indexOf(':') + 1).strip())
				.findFirst()
				.orElse(null);
		}

	}

}
