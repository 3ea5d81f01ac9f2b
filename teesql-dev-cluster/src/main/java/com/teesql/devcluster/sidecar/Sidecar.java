package com.teesql.devcluster.sidecar;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for the TeeSQL sidecar of one cluster node: a TLS listener (the {@code :5433} role) that accepts
 * direct TLS or a PostgreSQL {@code SSLRequest}, optionally requires client certificates, authenticates clients by
 * cluster secret, logs in to the real PostgreSQL with the role's own password and then splices bytes; plus the HTTP
 * API (the {@code :8080} role) with {@code /health} and {@code /attestation}. Everything binds to 127.0.0.1.
 * <p>
 * Operators grep the log for {@code TLS handshake failed}, {@code password authentication failed} and
 * {@code pg_auth_inject failed: early eof}; those texts are kept verbatim.
 *
 * @author TeeSQL contributors
 */
public final class Sidecar implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Sidecar.class);

	private static final long SWEEP_INTERVAL_MILLIS = 200;

	private final SidecarConfig config;

	private final AtomicReference<SidecarTlsContext> tls;

	private final SidecarCounters counters = new SidecarCounters();

	private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();

	private final ServerSocket listener;

	private final String threadPrefix;

	private final ExecutorService workers;

	private final ScheduledExecutorService sweeper;

	private final SessionEnvironment environment;

	private final Thread acceptThread;

	private SidecarHttpApi http;

	private volatile boolean closed;

	private Sidecar(SidecarConfig config) throws IOException {
		this.config = config;
		this.tls = new AtomicReference<>(SidecarTlsContext.create(config.serverKey(), config.serverCertificateChain(),
				config.requireClientCertificate(), config.clientTrustAnchors(), config.clientCertificateCheck()));
		this.listener = new ServerSocket();
		this.listener.setReuseAddress(true);
		this.listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.listenPort()), 128);
		this.threadPrefix = "teesql-sidecar-" + this.listener.getLocalPort();
		this.workers = Executors.newCachedThreadPool(new NamedDaemonThreadFactory(this.threadPrefix + "-session"));
		this.sweeper = Executors
			.newSingleThreadScheduledExecutor(new NamedDaemonThreadFactory(this.threadPrefix + "-sweeper"));
		InetSocketAddress backend = new InetSocketAddress(config.backendHost(), config.backendPort());
		this.environment = new SessionEnvironment(this.tls::get,
				new ClusterSecretAuthenticator(config.readSecret(), config.readWriteSecret(),
						config.extraRoleSecrets()),
				new CredentialInjector(backend, config.backendPassword(), config.backendConnectTimeout()),
				new CancelKeyRegistry(), this.counters, backend, config.handshakeTimeout(),
				config.backendConnectTimeout(), this.workers);
		this.acceptThread = new Thread(this::acceptLoop, this.threadPrefix + "-accept");
		this.acceptThread.setDaemon(true);
	}

	/**
	 * Binds the listener and the HTTP API and starts accepting.
	 * @param config the configuration
	 * @return the running sidecar
	 * @throws SidecarException if a port cannot be bound or the TLS material is unusable
	 */
	public static Sidecar start(SidecarConfig config) {
		Sidecar sidecar;
		try {
			sidecar = new Sidecar(config);
		}
		catch (IOException ex) {
			throw new SidecarException("Could not bind the sidecar listener on 127.0.0.1:" + config.listenPort()
					+ ": " + ex.getMessage(), ex);
		}
		catch (IllegalArgumentException ex) {
			throw new SidecarException(ex.getMessage(), ex);
		}
		try {
			sidecar.http = new SidecarHttpApi(config, Clock.systemUTC(), sidecar.threadPrefix);
		}
		catch (IOException ex) {
			sidecar.close();
			throw new SidecarException("Could not bind the sidecar HTTP API on 127.0.0.1:" + config.httpPort() + ": "
					+ ex.getMessage(), ex);
		}
		sidecar.acceptThread.start();
		sidecar.sweeper.scheduleWithFixedDelay(sidecar::sweep, SWEEP_INTERVAL_MILLIS, SWEEP_INTERVAL_MILLIS,
				TimeUnit.MILLISECONDS);
		logger.info("Sidecar listening on 127.0.0.1:{} (HTTP {}), backend {}:{}, client certificates {}",
				sidecar.port(), sidecar.httpPort(), config.backendHost(), config.backendPort(),
				config.requireClientCertificate() ? "required" : "not requested (simulator mode)");
		return sidecar;
	}

	/**
	 * Port of the TLS listener.
	 * @return the port on 127.0.0.1
	 */
	public int port() {
		return this.listener.getLocalPort();
	}

	/**
	 * Port of the HTTP API.
	 * @return the port on 127.0.0.1
	 */
	public int httpPort() {
		return this.http.port();
	}

	/**
	 * The configuration this sidecar runs with.
	 * @return the configuration
	 */
	public SidecarConfig config() {
		return this.config;
	}

	/**
	 * Replaces the server key and certificate chain. Sessions already established keep theirs; new connections get
	 * the new one.
	 * @param key the new private key
	 * @param chain the new chain, leaf first
	 * @throws SidecarException if the key and chain are unusable
	 */
	public void replaceServerCertificate(PrivateKey key, X509Certificate[] chain) {
		try {
			this.tls.set(SidecarTlsContext.create(key, List.of(chain), this.config.requireClientCertificate(),
					this.config.clientTrustAnchors(), this.config.clientCertificateCheck()));
		}
		catch (IllegalArgumentException ex) {
			throw new SidecarException(ex.getMessage(), ex);
		}
		logger.info("Sidecar on port {} now presents {}", port(), chain[0].getSubjectX500Principal());
	}

	/**
	 * Counters since start.
	 * @return a snapshot
	 */
	public SidecarStats stats() {
		return this.counters.snapshot();
	}

	/**
	 * Number of connections currently open (in any phase).
	 * @return live sessions
	 */
	public int liveSessions() {
		return this.sessions.size();
	}

	private void acceptLoop() {
		while (!this.closed) {
			Socket socket;
			try {
				socket = this.listener.accept();
			}
			catch (SocketException ex) {
				if (!this.closed) {
					logger.warn("Sidecar listener on port {} failed", port(), ex);
				}
				return;
			}
			catch (IOException ex) {
				logger.warn("Accept failed on port {}", port(), ex);
				continue;
			}
			this.counters.connectionsAccepted.incrementAndGet();
			admit(socket);
		}
	}

	private void admit(Socket socket) {
		if (this.sessions.size() >= this.config.maxSessions()) {
			logger.warn("Refused connection from {}: {} sessions are open (maxSessions)",
					socket.getRemoteSocketAddress(), this.sessions.size());
			closeQuietly(socket);
			return;
		}
		ClientSession session = new ClientSession(this.environment, socket);
		this.sessions.add(session);
		try {
			this.workers.execute(() -> {
				try {
					session.run();
				}
				finally {
					this.sessions.remove(session);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.sessions.remove(session);
			session.close(ClientSession.SHUTDOWN);
		}
		if (this.closed) {
			session.close(ClientSession.SHUTDOWN);
		}
	}

	/** Enforces the startup deadline and the idle limit, which per-read timeouts alone cannot bound. */
	private void sweep() {
		long now = System.nanoTime();
		long startupLimit = this.config.handshakeTimeout().toNanos();
		long idleLimit = this.config.idleTimeout().toNanos();
		for (ClientSession session : this.sessions) {
			if (session.isStartupOverdue(now, startupLimit)) {
				session.close("no session within " + this.config.handshakeTimeout().toMillis() + " ms");
			}
			else if (idleLimit > 0 && session.isIdle(now, idleLimit)) {
				logger.info("Closing idle session from {}", session.peer());
				session.close("idle for " + this.config.idleTimeout().toMillis() + " ms");
			}
		}
	}

	/**
	 * Stops accepting, closes every live session and the HTTP API, and waits for all sidecar threads to end.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		closeQuietly(this.listener);
		this.sweeper.shutdownNow();
		for (ClientSession session : this.sessions) {
			session.close(ClientSession.SHUTDOWN);
		}
		if (this.http != null) {
			this.http.close();
		}
		this.workers.shutdownNow();
		try {
			this.acceptThread.join(TimeUnit.SECONDS.toMillis(5));
			if (!this.workers.awaitTermination(5, TimeUnit.SECONDS)
					|| !this.sweeper.awaitTermination(5, TimeUnit.SECONDS)) {
				logger.warn("Sidecar threads on port {} did not stop within 5 s", port());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		logger.info("Sidecar on port {} stopped", port());
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// Best effort while shutting down.
		}
	}

	@Override
	public String toString() {
		return "Sidecar[port=" + port() + ", " + this.config + "]";
	}

}
