package com.teesql.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An outage: a listener that accepts every connection and then never says a word (nor reads one), as a hung sidecar,
 * guest agent or PCS does. What the client does about it (its deadline) is what the test observes. {@link #close()}
 * closes the listener and every connection it holds.
 */
public final class SilentServer implements AutoCloseable {

	private final ServerSocketChannel listener;

	private final List<SocketChannel> held = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	private SilentServer(ServerSocketChannel listener, String name) {
		this.listener = listener;
		this.acceptor = new Thread(this::acceptUntilClosed, name);
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/**
	 * Listens on an ephemeral port of 127.0.0.1.
	 * @return the running server
	 */
	public static SilentServer onLoopback() {
		try {
			ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
			listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
			return new SilentServer(listener, "silent-server-" + ((InetSocketAddress) listener.getLocalAddress()).getPort());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot listen on loopback", ex);
		}
	}

	/**
	 * Listens on a Unix domain socket.
	 * @param path the socket file, which must not exist
	 * @return the running server
	 */
	public static SilentServer onUnixSocket(Path path) {
		try {
			ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
			listener.bind(UnixDomainSocketAddress.of(path));
			return new SilentServer(listener, "silent-server-" + path.getFileName());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot listen on " + path, ex);
		}
	}

	private void acceptUntilClosed() {
		while (this.listener.isOpen()) {
			try {
				this.held.add(this.listener.accept());
			}
			catch (IOException ex) {
				return; // closed
			}
		}
	}

	/**
	 * The TCP port, for a server {@link #onLoopback() on loopback}.
	 * @return the port
	 */
	public int port() {
		try {
			return ((InetSocketAddress) this.listener.getLocalAddress()).getPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * How many connections the server has accepted (and holds).
	 * @return the count
	 */
	public int connectionsAccepted() {
		return this.held.size();
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
		for (SocketChannel channel : this.held) {
			channel.close();
		}
		try {
			this.acceptor.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
