package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A loopback listener that answers every PostgreSQL SSLRequest with {@code 'N'}, as a PostgreSQL server without TLS
 * does, then hangs up.
 */
final class SslRefusingListener implements AutoCloseable {

	private final ServerSocket server;

	private final Thread thread;

	private SslRefusingListener(ServerSocket server) {
		this.server = server;
		this.thread = new Thread(this::serve, "ssl-refusing-listener");
		this.thread.setDaemon(true);
	}

	static SslRefusingListener start() throws IOException {
		ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
		server.setSoTimeout(1000);
		SslRefusingListener listener = new SslRefusingListener(server);
		listener.thread.start();
		return listener;
	}

	int port() {
		return this.server.getLocalPort();
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try (Socket socket = this.server.accept()) {
				socket.setSoTimeout(5000);
				InputStream in = socket.getInputStream();
				in.readNBytes(8);
				OutputStream out = socket.getOutputStream();
				out.write('N');
				out.flush();
			}
			catch (SocketTimeoutException ex) {
				// Poll again, so that close() is noticed.
			}
			catch (IOException ex) {
				// Closed, or a client that went away; either way serve the next one.
			}
		}
	}

	@Override
	public void close() throws Exception {
		this.server.close();
		this.thread.join(5000);
	}

}
