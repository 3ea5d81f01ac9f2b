package com.teesql.devcluster.sidecar;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.net.ssl.SSLSocket;

import com.teesql.devcluster.sidecar.PgWire.Message;
import com.teesql.devcluster.sidecar.PgWire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection through the sidecar: protocol negotiation (direct TLS, SSLRequest, GSSENCRequest refusal,
 * plain cancel requests), the TLS handshake, the startup packet, the cluster-secret check, the injected PostgreSQL
 * login and finally the byte splice between client and backend.
 */
final class ClientSession implements Runnable, Closeable {

	private static final Logger logger = LoggerFactory.getLogger(Sidecar.class);

	private static final int TLS_HANDSHAKE_RECORD = 0x16;

	/** A client may ask for SSL/GSS a few times before it must say what it wants. */
	private static final int MAX_NEGOTIATION_ROUNDS = 4;

	private static final int MAX_PASSWORD_MESSAGE = 4096;

	/** Close reason used when the whole sidecar stops. */
	static final String SHUTDOWN = "sidecar shutting down";

	private final SessionEnvironment environment;

	private final Socket plain;

	private final String peer;

	private final long acceptedAt = System.nanoTime();

	private volatile long lastActivity = this.acceptedAt;

	private volatile SSLSocket tls;

	private volatile BackendConnection backend;

	private volatile boolean spliced;

	private volatile boolean closed;

	/** Why another thread closed the session before it finished ({@code null} when it ended by itself). */
	private volatile String closeReason;

	private String cancelKey;

	ClientSession(SessionEnvironment environment, Socket plain) {
		this.environment = environment;
		this.plain = plain;
		this.peer = plain.getInetAddress().getHostAddress() + ":" + plain.getPort();
	}

	@Override
	public void run() {
		try {
			serve();
		}
		catch (SocketException | EOFException ex) {
			String reason = this.closeReason;
			if (reason != null && !SHUTDOWN.equals(reason)) {
				logger.info("Closed connection from {}: {}", this.peer, reason);
			}
			else {
				logger.debug("Connection from {} ended: {}", this.peer, ex.getMessage());
			}
		}
		catch (SocketTimeoutException ex) {
			logger.info("Connection from {} timed out before the session started", this.peer);
		}
		catch (IOException ex) {
			logger.info("Connection from {} closed: {}", this.peer, ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.warn("Unexpected failure serving {}", this.peer, ex);
		}
		finally {
			close();
		}
	}

	private void serve() throws IOException {
		int timeout = (int) this.environment.handshakeTimeout().toMillis();
		this.plain.setSoTimeout(timeout);
		this.plain.setTcpNoDelay(true);
		SSLSocket socket = negotiate(this.plain.getInputStream(), this.plain.getOutputStream());
		if (socket == null) {
			return;
		}
		this.tls = socket;
		if (!handshake(socket)) {
			return;
		}
		InputStream in = new BufferedInputStream(socket.getInputStream());
		OutputStream out = new BufferedOutputStream(socket.getOutputStream());
		StartupPacket startup = readStartup(in, out);
		if (startup == null) {
			return;
		}
		this.environment.counters().startupMessagesSeen.incrementAndGet();
		if (startup.needsProtocolNegotiation()) {
			out.write(startup.negotiateProtocolVersion());
		}
		String role = startup.user();
		if (!authenticateClient(in, out, role)) {
			return;
		}
		BackendConnection connection;
		try {
			connection = this.environment.injector().connect(startup, this.environment.handshakeTimeout());
		}
		catch (CredentialInjectionException ex) {
			this.environment.counters().authFailures.incrementAndGet();
			logger.atWarn()
				.addKeyValue("role", role)
				.addKeyValue("peer", this.peer)
				.addKeyValue("backend_error", ex.backendDetail())
				.log(ex.getMessage());
			PgWire.write(out, PgWire.errorResponse("FATAL", "28000", ex.getMessage()));
			return;
		}
		if (!attachBackend(connection)) {
			return;
		}
		PgWire.write(out, PgWire.authenticationRequest(PgWire.AUTH_OK, new byte[0]));
		if (!forwardUntilReady(connection.in(), out)) {
			return;
		}
		socket.setSoTimeout(0);
		connection.socket().setSoTimeout(0);
		this.spliced = true;
		this.environment.counters().sessionsSpliced.incrementAndGet();
		logger.debug("Splicing {} (role {}) to the backend", this.peer, role);
		OutputStream clientOut = socket.getOutputStream();
		this.environment.workers().execute(() -> pump(connection.in(), clientOut));
		pump(in, connection.out());
	}

	/**
	 * Reads what precedes TLS. Returns the server-mode TLS socket, or {@code null} when the connection was handled
	 * (a cancel request) or refused.
	 */
	private SSLSocket negotiate(InputStream in, OutputStream out) throws IOException {
		for (int round = 0; round < MAX_NEGOTIATION_ROUNDS; round++) {
			int first = in.read();
			if (first < 0) {
				return null;
			}
			if (first == TLS_HANDSHAKE_RECORD) {
				return this.environment.tls().get().wrap(this.plain, new ByteArrayInputStream(new byte[] { 0x16 }));
			}
			byte[] header = new byte[8];
			header[0] = (byte) first;
			System.arraycopy(PgWire.readFully(in, 7), 0, header, 1, 7);
			int length = PgWire.int32(header, 0);
			int code = PgWire.int32(header, 4);
			if (length == 8 && code == PgWire.SSL_REQUEST_CODE) {
				PgWire.write(out, new byte[] { 'S' });
				return this.environment.tls().get().wrap(this.plain, null);
			}
			if (length == 8 && code == PgWire.GSSENC_REQUEST_CODE) {
				PgWire.write(out, new byte[] { 'N' });
				continue;
			}
			if (code == PgWire.CANCEL_REQUEST_CODE && length >= 16 && length <= PgWire.MAX_CANCEL_PACKET) {
				// pgjdbc and pre-17 libpq send cancel requests unencrypted on a fresh connection.
				forwardCancel(PgWire.readFully(in, length - 8));
				return null;
			}
			logger.info("Refused connection from {}: it did not start TLS (length {}, code {})", this.peer, length,
					code);
			return null;
		}
		logger.info("Refused connection from {}: too many negotiation requests", this.peer);
		return null;
	}

	private boolean handshake(SSLSocket socket) {
		try {
			socket.startHandshake();
			this.environment.counters().handshakesCompleted.incrementAndGet();
			return true;
		}
		catch (IOException ex) {
			this.environment.counters().handshakeFailures.incrementAndGet();
			String reason = this.closeReason;
			if (!SHUTDOWN.equals(reason)) {
				logger.atWarn()
					.addKeyValue("peer", this.peer)
					.addKeyValue("error", (reason != null) ? reason : describe(ex))
					.log("TLS handshake failed");
			}
			return false;
		}
	}

	private static String describe(Throwable ex) {
		StringBuilder text = new StringBuilder(String.valueOf(ex.getMessage()));
		Throwable cause = ex.getCause();
		while (cause != null && cause != ex) {
			if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
				text.append(": ").append(cause.getMessage());
			}
			ex = cause;
			cause = cause.getCause();
		}
		return text.toString();
	}

	private StartupPacket readStartup(InputStream in, OutputStream out) throws IOException {
		for (int round = 0; round < MAX_NEGOTIATION_ROUNDS; round++) {
			byte[] header = PgWire.readFully(in, 8);
			int length = PgWire.int32(header, 0);
			int code = PgWire.int32(header, 4);
			if (length < 8 || length > PgWire.MAX_STARTUP_PACKET) {
				throw new ProtocolException("invalid startup packet length " + length);
			}
			byte[] body = PgWire.readFully(in, length - 8);
			if (code == PgWire.SSL_REQUEST_CODE || code == PgWire.GSSENC_REQUEST_CODE) {
				// Already encrypted: a client that asks again (sslmode=prefer over direct TLS) just hears "no".
				PgWire.write(out, new byte[] { 'N' });
				continue;
			}
			if (code == PgWire.CANCEL_REQUEST_CODE) {
				forwardCancel(body);
				return null;
			}
			if ((code >>> 16) != 3) {
				PgWire.write(out, PgWire.errorResponse("FATAL", "0A000", "unsupported frontend protocol "
						+ (code >>> 16) + "." + (code & 0xffff) + ": server supports 3.0"));
				return null;
			}
			return StartupPacket.parse(code, body);
		}
		throw new ProtocolException("too many negotiation requests inside TLS");
	}

	private boolean authenticateClient(InputStream in, OutputStream out, String role) throws IOException {
		PgWire.write(out, PgWire.authenticationRequest(PgWire.AUTH_CLEARTEXT_PASSWORD, new byte[0]));
		Message message = PgWire.readMessage(in, MAX_PASSWORD_MESSAGE);
		if (message.type() != 'p') {
			logger.info("Client {} sent '{}' instead of a password", this.peer, (char) message.type());
			return false;
		}
		byte[] payload = message.payload();
		int end = 0;
		while (end < payload.length && payload[end] != 0) {
			end++;
		}
		String presented = new String(payload, 0, end, StandardCharsets.UTF_8);
		Arrays.fill(payload, (byte) 0);
		if (this.environment.authenticator().authenticate(role, presented)) {
			logger.atInfo().addKeyValue("role", role).addKeyValue("peer", this.peer).log("Client authenticated");
			return true;
		}
		this.environment.counters().authFailures.incrementAndGet();
		logger.atInfo()
			.addKeyValue("role", role)
			.addKeyValue("peer", this.peer)
			.addKeyValue("known_role", this.environment.authenticator().knowsRole(role))
			.log("password authentication failed");
		PgWire.write(out, PgWire.errorResponse("FATAL", "28P01", "password authentication failed"));
		return false;
	}

	/**
	 * Forwards the backend's messages after {@code AuthenticationOk} up to {@code ReadyForQuery}, remembering the
	 * cancel key. Returns {@code false} if the backend ended the session instead (for example an unknown database).
	 */
	private boolean forwardUntilReady(InputStream backendIn, OutputStream out) throws IOException {
		while (true) {
			Message message = PgWire.readMessage(backendIn, PgWire.MAX_PRE_SPLICE_MESSAGE);
			out.write(message.encode());
			switch (message.type()) {
				case 'K' -> registerCancelKey(message.payload());
				case 'Z' -> {
					out.flush();
					return true;
				}
				case 'E' -> {
					out.flush();
					return false;
				}
				default -> {
				}
			}
		}
	}

	private void forwardCancel(byte[] processAndKey) {
		if (!this.environment.cancelKeys().isLive(processAndKey)) {
			logger.debug("Ignored a CancelRequest from {} that names no live session", this.peer);
			return;
		}
		byte[] packet = new byte[8 + processAndKey.length];
		PgWire.putInt32(packet, 0, packet.length);
		PgWire.putInt32(packet, 4, PgWire.CANCEL_REQUEST_CODE);
		System.arraycopy(processAndKey, 0, packet, 8, processAndKey.length);
		int timeout = (int) this.environment.backendConnectTimeout().toMillis();
		try (Socket socket = new Socket()) {
			socket.connect(this.environment.backend(), timeout);
			socket.setSoTimeout(timeout);
			PgWire.write(socket.getOutputStream(), packet);
			// PostgreSQL closes the connection once it has handled the request.
			socket.getInputStream().read();
			logger.debug("Forwarded a CancelRequest from {}", this.peer);
		}
		catch (IOException ex) {
			logger.info("Could not forward a CancelRequest from {}: {}", this.peer, ex.getMessage());
		}
	}

	private void pump(InputStream from, OutputStream to) {
		byte[] buffer = new byte[16 * 1024];
		try {
			int read;
			while ((read = from.read(buffer)) >= 0) {
				this.lastActivity = System.nanoTime();
				to.write(buffer, 0, read);
				to.flush();
			}
		}
		catch (IOException ex) {
			logger.trace("Splice of {} ended: {}", this.peer, ex.getMessage());
		}
		finally {
			close();
		}
	}

	/** Whether the session is still before the splice after {@code limitNanos}. */
	boolean isStartupOverdue(long now, long limitNanos) {
		return !this.spliced && now - this.acceptedAt > limitNanos;
	}

	/** Whether a spliced session saw no traffic for {@code limitNanos}. */
	boolean isIdle(long now, long limitNanos) {
		return this.spliced && now - this.lastActivity > limitNanos;
	}

	String peer() {
		return this.peer;
	}

	@Override
	public void close() {
		close(null);
	}

	/**
	 * Closes both connections; blocked reads and writes in other threads fail at once.
	 * @param reason why, when another thread closes the session; {@link #SHUTDOWN} suppresses failure logs
	 */
	void close(String reason) {
		BackendConnection connection;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.closeReason = reason;
			connection = this.backend;
			this.environment.cancelKeys().unregister(this.cancelKey);
		}
		// The plain sockets go first: that unblocks any thread inside the TLS layer before its own close.
		closeQuietly(this.plain);
		if (connection != null) {
			closeQuietly(connection.socket());
		}
		closeQuietly(this.tls);
	}

	private synchronized boolean attachBackend(BackendConnection connection) {
		if (this.closed) {
			closeQuietly(connection.socket());
			return false;
		}
		this.backend = connection;
		return true;
	}

	private synchronized void registerCancelKey(byte[] processAndKey) {
		if (!this.closed) {
			this.cancelKey = this.environment.cancelKeys().register(processAndKey);
		}
	}

	private static void closeQuietly(Closeable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// Closing is best effort; the peer may already be gone.
		}
	}

}
