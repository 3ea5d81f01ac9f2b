package com.teesql.jdbc.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A deliberately small HTTP/1.1 server for guest-agent tests, on a Unix-domain socket or TCP loopback. The handler
 * returns the raw response bytes, so tests can send chunked, garbage or nothing at all ({@code null} = stay silent
 * until closed).
 */
public final class MiniHttpServer implements AutoCloseable {

	private final ServerSocketChannel server;

	private final Path socketPath;

	private final Function<Request, byte[]> handler;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	private MiniHttpServer(ServerSocketChannel server, Path socketPath, Function<Request, byte[]> handler) {
		this.server = server;
		this.socketPath = socketPath;
		this.handler = handler;
		this.acceptor = new Thread(this::acceptLoop, "mini-http-server");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	public static MiniHttpServer unix(Path socketPath, Function<Request, byte[]> handler) throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(socketPath));
		return new MiniHttpServer(server, socketPath, handler);
	}

	public static MiniHttpServer tcp(Function<Request, byte[]> handler) throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		return new MiniHttpServer(server, null, handler);
	}

	/** The endpoint string for the guest agent client: {@code unix:<path>} or {@code http://127.0.0.1:<port>}. */
	public String endpoint() throws IOException {
		if (this.socketPath != null) {
			return "unix:" + this.socketPath;
		}
		return "http://127.0.0.1:" + ((InetSocketAddress) this.server.getLocalAddress()).getPort();
	}

	public List<Request> requests() {
		return this.requests;
	}

	private void acceptLoop() {
		while (this.server.isOpen()) {
			try {
				SocketChannel client = this.server.accept();
				this.clients.add(client);
				Thread worker = new Thread(() -> serve(client), "mini-http-client");
				worker.setDaemon(true);
				worker.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(SocketChannel client) {
		try {
			InputStream in = Channels.newInputStream(client);
			Request request = readRequest(in);
			this.requests.add(request);
			byte[] response = this.handler.apply(request);
			if (response == null) {
				return; // stay silent; closed by close()
			}
			client.write(java.nio.ByteBuffer.wrap(response));
			client.close();
		}
		catch (IOException ex) {
			// client went away
		}
	}

	private static Request readRequest(InputStream in) throws IOException {
		String requestLine = line(in);
		int contentLength = 0;
		StringBuilder headers = new StringBuilder();
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			headers.append(header).append('\n');
			if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				contentLength = Integer.parseInt(header.substring(15).trim());
			}
		}
		String body = new String(in.readNBytes(contentLength), StandardCharsets.UTF_8);
		return new Request(requestLine, headers.toString(), body);
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("eof");
			}
			if (b != '\r') {
				out.write(b);
			}
		}
		return out.toString(StandardCharsets.ISO_8859_1);
	}

	public static byte[] contentLengthResponse(int status, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		String head = "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
				+ "\r\n\r\n";
		return concat(head.getBytes(StandardCharsets.US_ASCII), bytes);
	}

	public static byte[] chunkedResponse(int status, String body, int chunkSize) {
		StringBuilder out = new StringBuilder("HTTP/1.1 " + status + " X\r\nTransfer-Encoding: chunked\r\n\r\n");
		for (int i = 0; i < body.length(); i += chunkSize) {
			String chunk = body.substring(i, Math.min(body.length(), i + chunkSize));
			out.append(Integer.toHexString(chunk.getBytes(StandardCharsets.UTF_8).length))
				.append(";ext=1\r\n")
				.append(chunk)
				.append("\r\n");
		}
		out.append("0\r\n\r\n");
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	public static byte[] concat(byte[] a, byte[] b) {
		byte[] out = new byte[a.length + b.length];
		System.arraycopy(a, 0, out, 0, a.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

	/** Stop listening but leave the socket file behind, like a crashed agent: connecting is refused. */
	public void closeKeepingSocketFile() throws IOException {
		this.server.close();
		// Closing a channel another thread is blocked accepting on defers the real close of its descriptor until that
		// thread has left accept(); until then the socket still listens and a client's connect succeeds.
		try {
			this.acceptor.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while closing", ex);
		}
		if (this.acceptor.isAlive()) {
			throw new IOException("the accepting thread did not stop");
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (SocketChannel client : this.clients) {
			client.close();
		}
		if (this.socketPath != null) {
			Files.deleteIfExists(this.socketPath);
		}
	}

	public record Request(String requestLine, String headers, String body) {
	}

}
