package com.teesql.devcluster.guestagent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.teesql.devcluster.http.HttpRoutes;
import com.teesql.devcluster.http.LocalHttpServer;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.DevKeyIssuer;
import com.teesql.devcluster.platform.DevTdxPlatform;
import com.teesql.devcluster.platform.TdIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dstack guest agent for one simulated TD: serves {@code /GetTlsKey}, {@code /GetQuote} and {@code /Info} over a
 * Unix domain socket (as {@code /var/run/dstack.sock} in a real CVM) and over loopback HTTP (as the
 * {@code DSTACK_SIMULATOR_ENDPOINT} simulator). Unlike dstack's simulator, its quotes are freshly signed by the dev
 * platform, so they verify against the dev PKI.
 */
public final class GuestAgentSimulator implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(GuestAgentSimulator.class);

	/** sun_path holds 108 bytes including the terminating NUL. */
	private static final int MAX_SOCKET_PATH_BYTES = 107;

	private static final String SOCKET_FILE_NAME = "dstack.sock";

	private final LocalHttpServer server;

	private final Path socketPath;

	private final Path createdDirectory;

	private final String httpEndpoint;

	private final AtomicLong tlsKeysIssued = new AtomicLong();

	private volatile AttestationKnobs knobs = AttestationKnobs.genuine();

	private volatile Duration certificateLifetime;

	private GuestAgentSimulator(DevKeyIssuer issuer, Path socketPath, Path createdDirectory) {
		this.socketPath = socketPath;
		this.createdDirectory = createdDirectory;
		GuestAgentEndpoints endpoints = new GuestAgentEndpoints(issuer, () -> this.knobs,
				this.tlsKeysIssued::incrementAndGet, () -> this.certificateLifetime);
		HttpRoutes routes = new HttpRoutes().add("POST", "/GetTlsKey", endpoints::getTlsKey)
			.add("POST", "/GetQuote", endpoints::getQuote)
			.add("POST", "/Info", endpoints::info)
			.add("GET", "/Info", endpoints::info);
		this.server = new LocalHttpServer("guest-agent", routes);
		try {
			this.server.listenOnUnixSocket(socketPath);
			InetSocketAddress address = this.server.listenOnLoopback();
			this.httpEndpoint = "http://127.0.0.1:" + address.getPort();
		}
		catch (RuntimeException ex) {
			this.server.close();
			deleteCreatedDirectory();
			throw ex;
		}
	}

	/**
	 * Starts a guest agent.
	 * @param issuer the key issuer (its platform and TD must be {@code platform} and {@code td})
	 * @param platform the platform that quotes the TD
	 * @param td the TD this agent runs in
	 * @param socketPath the Unix socket to create, or {@code null} for {@code dstack.sock} in a fresh temporary
	 * directory (removed again by {@link #close()})
	 * @return the running agent
	 * @throws IllegalArgumentException if the issuer attests another platform or TD, or the socket path is too long
	 * @throws UncheckedIOException if a socket cannot be bound
	 */
	public static GuestAgentSimulator start(DevKeyIssuer issuer, DevTdxPlatform platform, TdIdentity td,
			Path socketPath) {
		if (issuer.platform() != platform || !issuer.td().equals(td)) {
			throw new IllegalArgumentException("the key issuer must attest the same platform and TD as the agent");
		}
		Path createdDirectory = null;
		Path path = socketPath;
		if (path == null) {
			createdDirectory = createShortTempDirectory();
			path = createdDirectory.resolve(SOCKET_FILE_NAME);
		}
		int length = path.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
		if (length > MAX_SOCKET_PATH_BYTES) {
			throw new IllegalArgumentException("Unix socket path is " + length + " bytes, longer than the "
					+ MAX_SOCKET_PATH_BYTES + " the kernel allows: " + path);
		}
		GuestAgentSimulator agent = new GuestAgentSimulator(issuer, path, createdDirectory);
		logger.info("Dev guest agent listening on unix:{} and {}", agent.socketPath, agent.httpEndpoint);
		return agent;
	}

	private static Path createShortTempDirectory() {
		// java.io.tmpdir can be long (macOS, CI sandboxes); /tmp keeps the socket path well under the limit.
		Path base = Path.of("/tmp");
		try {
			return Files.createTempDirectory(Files.isDirectory(base) ? base : Path.of(System.getProperty("java.io.tmpdir")),
					"tsql-ga");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a directory for the guest-agent socket", ex);
		}
	}

	/**
	 * The Unix socket path.
	 * @return the path
	 */
	public Path socketPath() {
		return this.socketPath;
	}

	/**
	 * The loopback HTTP base URL, usable as {@code DSTACK_SIMULATOR_ENDPOINT}.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public String httpEndpoint() {
		return this.httpEndpoint;
	}

	/**
	 * Changes how certificates issued from now on deviate from genuine ones.
	 * @param knobs the knobs
	 */
	public void setKnobs(AttestationKnobs knobs) {
		if (knobs == null) {
			throw new IllegalArgumentException("knobs must not be null");
		}
		this.knobs = knobs;
	}

	/**
	 * The knobs currently applied to issued certificates.
	 * @return the knobs
	 */
	public AttestationKnobs knobs() {
		return this.knobs;
	}

	/**
	 * Makes certificates issued from now on (for requests that name no {@code not_after}) valid for this long, for
	 * example a few seconds to watch clients renew them.
	 * @param lifetime whole seconds, at least one, or {@code null} for the default of ten years
	 */
	public void setCertificateLifetime(Duration lifetime) {
		if (lifetime != null && lifetime.toSeconds() < 1) {
			throw new IllegalArgumentException("certificate lifetime must be at least one second, got " + lifetime);
		}
		this.certificateLifetime = lifetime;
	}

	/**
	 * How many keys {@code /GetTlsKey} has issued successfully.
	 * @return the count
	 */
	public long tlsKeysIssued() {
		return this.tlsKeysIssued.get();
	}

	@Override
	public void close() {
		this.server.close();
		deleteCreatedDirectory();
	}

	private void deleteCreatedDirectory() {
		if (this.createdDirectory == null) {
			return;
		}
		try {
			Files.deleteIfExists(this.createdDirectory.resolve(SOCKET_FILE_NAME));
			Files.deleteIfExists(this.createdDirectory);
		}
		catch (IOException ex) {
			logger.warn("Could not delete guest-agent directory {}", this.createdDirectory, ex);
		}
	}

	@Override
	public String toString() {
		return "GuestAgentSimulator[unix:" + this.socketPath + ", " + this.httpEndpoint + "]";
	}

}
