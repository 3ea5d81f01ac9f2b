package com.teesql.devcluster.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal HTTP/1.1 server for the dev cluster's local control endpoints, listening on loopback TCP and/or Unix
 * domain sockets. One request per connection ({@code Connection: close}), Content-Length bodies up to 1 MiB, a
 * bounded pool of named daemon workers and a deadline per connection, so a misbehaving client can neither hang a
 * worker nor exhaust memory.
 */
public final class LocalHttpServer implements AutoCloseable {

	/** Largest accepted request body. */
	public static final int MAX_BODY_BYTES = 1024 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(LocalHttpServer.class);

	private static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

	private static final int DEFAULT_WORKERS = 4;

	private static final int QUEUE_CAPACITY = 64;

	/** How long to keep reading (and discarding) after an early error reply, so the client sees it, not a reset. */
	private static final long DRAIN_MILLIS = 1000;

	private static final int DRAIN_LIMIT_BYTES = 2 * MAX_BODY_BYTES;

	private final String name;

	private final HttpRoutes routes;

	private final long connectionTimeoutMillis;

	private final ThreadPoolExecutor workers;

	private final List<ServerSocketChannel> listeners = new CopyOnWriteArrayList<>();

	private final List<Path> socketFiles = new CopyOnWriteArrayList<>();

	private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();

	private final List<Thread> acceptors = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	/**
	 * Creates a server with the default connection timeout (10 s) and worker count (4).
	 * @param name a short name used for thread names and logs
	 * @param routes the routes
	 */
	public LocalHttpServer(String name, HttpRoutes routes) {
		this(name, routes, DEFAULT_CONNECTION_TIMEOUT, DEFAULT_WORKERS);
	}

	/**
	 * Creates a server.
	 * @param name a short name used for thread names and logs
	 * @param routes the routes
	 * @param connectionTimeout how long one connection (request and response) may take
	 * @param workerCount the number of worker threads
	 */
	public LocalHttpServer(String name, HttpRoutes routes, Duration connectionTimeout, int workerCount) {
		if (connectionTimeout.isNegative() || connectionTimeout.isZero()) {
			throw new IllegalArgumentException("connection timeout must be positive but was " + connectionTimeout);
		}
		if (workerCount < 1) {
			throw new IllegalArgumentException("worker count must be at least 1 but was " + workerCount);
		}
		this.name = name;
		this.routes = routes;
		this.connectionTimeoutMillis = connectionTimeout.toMillis();
		this.workers = new ThreadPoolExecutor(workerCount, workerCount, 30, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(QUEUE_CAPACITY), daemonThreads(name + "-http-worker-"),
				new ThreadPoolExecutor.AbortPolicy());
		this.workers.allowCoreThreadTimeOut(true);
	}

	/**
	 * Starts listening on {@code 127.0.0.1} on an ephemeral port.
	 * @return the bound address
	 * @throws UncheckedIOException if the socket cannot be bound
	 */
	public InetSocketAddress listenOnLoopback() {
		try {
			ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.INET);
			channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			InetSocketAddress address = (InetSocketAddress) channel.getLocalAddress();
			startAccepting(channel, "tcp:" + address.getPort());
			return address;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not bind " + this.name + " to loopback", ex);
		}
	}

	/**
	 * Starts listening on a Unix domain socket. The socket file must not exist; {@link #close()} deletes it.
	 * @param socketPath the socket file path
	 * @throws UncheckedIOException if the socket cannot be bound
	 */
	public void listenOnUnixSocket(Path socketPath) {
		try {
			ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
			channel.bind(UnixDomainSocketAddress.of(socketPath));
			this.socketFiles.add(socketPath);
			startAccepting(channel, "unix");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not bind " + this.name + " to Unix socket " + socketPath, ex);
		}
	}

	private void startAccepting(ServerSocketChannel channel, String label) {
		if (this.closed) {
			closeQuietly(channel);
			throw new IllegalStateException(this.name + " is closed");
		}
		this.listeners.add(channel);
		Thread acceptor = new Thread(() -> acceptLoop(channel), this.name + "-http-accept-" + label);
		acceptor.setDaemon(true);
		this.acceptors.add(acceptor);
		acceptor.start();
		logger.debug("{} listening on {}", this.name, label);
	}

	private void acceptLoop(ServerSocketChannel listener) {
		while (!this.closed) {
			SocketChannel connection;
			try {
				connection = listener.accept();
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException ex) {
				if (!this.closed) {
					logger.warn("{} failed to accept a connection", this.name, ex);
				}
				return;
			}
			if (this.closed) {
				closeQuietly(connection);
				return;
			}
			this.connections.add(connection);
			try {
				this.workers.execute(() -> serve(connection));
			}
			catch (RejectedExecutionException ex) {
				rejectBusy(connection);
			}
		}
	}

	private void rejectBusy(SocketChannel connection) {
		try (DeadlineChannel channel = new DeadlineChannel(connection, 1000)) {
			channel.writeFully(ByteBuffer.wrap(HttpResponseWriter.serialize(
					LocalHttpResponse.error(503, this.closed ? "server is shutting down" : "server is busy"))));
		}
		catch (IOException ex) {
			logger.trace("{} could not send 503", this.name, ex);
		}
		finally {
			this.connections.remove(connection);
		}
	}

	private void serve(SocketChannel connection) {
		try (DeadlineChannel channel = new DeadlineChannel(connection, this.connectionTimeoutMillis)) {
			LocalHttpResponse response;
			boolean requestFullyRead = false;
			try {
				LocalHttpRequest request = new HttpRequestReader(channel, MAX_BODY_BYTES).read();
				if (request == null) {
					return;
				}
				requestFullyRead = true;
				response = dispatch(request);
			}
			catch (HttpStatusException ex) {
				response = LocalHttpResponse.error(ex.status(), ex.getMessage());
			}
			catch (SocketTimeoutException ex) {
				response = LocalHttpResponse.error(408, "request not received within "
						+ this.connectionTimeoutMillis + " ms");
			}
			channel.writeFully(ByteBuffer.wrap(HttpResponseWriter.serialize(response)));
			channel.shutdownOutput();
			if (!requestFullyRead) {
				drain(channel);
			}
		}
		catch (InterruptedIOException ex) {
			logger.trace("{} connection interrupted by shutdown", this.name);
		}
		catch (IOException ex) {
			logger.debug("{} connection failed: {}", this.name, ex.toString());
		}
		finally {
			this.connections.remove(connection);
		}
	}

	private LocalHttpResponse dispatch(LocalHttpRequest request) {
		try {
			return this.routes.dispatch(request);
		}
		catch (HttpStatusException ex) {
			return LocalHttpResponse.error(ex.status(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			// The cause stays in the server log; clients only learn that it failed.
			logger.warn("{} handler for {} {} failed", this.name, request.method(), request.path(), ex);
			return LocalHttpResponse.error(500, "internal server error");
		}
	}

	/**
	 * Closing a socket with unread input makes the kernel send a reset, which can destroy the error reply still in
	 * flight; reading the rest for a moment first lets the client see the reply.
	 */
	private static void drain(DeadlineChannel channel) {
		ByteBuffer sink = ByteBuffer.allocate(8192);
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
		int total = 0;
		try {
			while (System.nanoTime() < end && total < DRAIN_LIMIT_BYTES) {
				sink.clear();
				int count = channel.read(sink);
				if (count < 0) {
					return;
				}
				total += count;
			}
		}
		catch (IOException ex) {
			// The client went away or the connection deadline passed: nothing left to protect.
		}
	}

	/**
	 * The server's name.
	 * @return the name given at construction
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Connections accepted and not yet finished, so that a test can observe that the server holds one.
	 * @return the count
	 */
	int openConnections() {
		return this.connections.size();
	}

	/**
	 * Stops accepting, closes listeners and open connections, stops the workers and deletes the socket files.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.listeners.forEach(LocalHttpServer::closeQuietly);
		this.connections.forEach(LocalHttpServer::closeQuietly);
		this.workers.shutdownNow();
		try {
			// A thread blocked in accept() keeps the kernel socket listening until it has been woken up, so
			// close() waits for the acceptors: once it returns, connection attempts are refused.
			for (Thread acceptor : this.acceptors) {
				acceptor.join(TimeUnit.SECONDS.toMillis(5));
			}
			if (!this.workers.awaitTermination(5, TimeUnit.SECONDS)) {
				logger.warn("{} workers did not stop within 5 s", this.name);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		for (Path socketFile : this.socketFiles) {
			try {
				Files.deleteIfExists(socketFile);
			}
			catch (IOException ex) {
				logger.warn("{} could not delete socket file {}", this.name, socketFile, ex);
			}
		}
		logger.debug("{} closed", this.name);
	}

	private static void closeQuietly(Channel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Closing during shutdown: nothing useful to do with the failure.
		}
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	@Override
	public String toString() {
		return "LocalHttpServer[" + this.name + (this.closed ? ", closed" : "") + "]";
	}

}
