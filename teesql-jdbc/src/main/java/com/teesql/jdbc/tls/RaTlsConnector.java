package com.teesql.jdbc.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

import org.bouncycastle.tls.TlsException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.teesql.jdbc.observation.OperationTiming;
import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.QuoteVerifiers;
import com.teesql.jdbc.attestation.KmsRootPin;
import com.teesql.jdbc.attestation.RaTlsPeerVerifier;
import com.teesql.jdbc.attestation.SignatureVerificationSkipped;
import com.teesql.jdbc.attestation.VerificationCache;
import com.teesql.jdbc.dstack.GuestAgentClient;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.ConnectTimeoutException;
import com.teesql.jdbc.errors.HandshakeTimeoutException;
import com.teesql.jdbc.errors.IdentityNotPinnedException;
import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.errors.TlsNegotiationException;
import com.teesql.jdbc.errors.UpstreamUnreachableException;

/**
 * Opens attested connections to one TeeSQL sidecar: TCP connect → (optional SSLRequest) → mutual TLS with the guest
 * agent's RA-TLS client certificate → verification of the server's attestation. The returned socket is connected
 * and verified; nothing has been written to it at the Postgres level, so the caller's first bytes (the
 * StartupMessage with the cluster secret) travel only over an attested channel.
 * <p>
 * Thread-safe; one instance is shared by all connections of a pool.
 */
public final class RaTlsConnector implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RaTlsConnector.class);

	/** Subject the client certificate is requested with. */
	public static final String CLIENT_CERT_SUBJECT = "teesql-jdbc";

	private static final byte[] SSL_REQUEST = { 0x00, 0x00, 0x00, 0x08, 0x04, (byte) 0xD2, 0x16, 0x2F };

	private static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

	private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

	private final RaTlsConnectorConfig config;

	private final GuestAgentClient guestAgent;

	private final RaTlsPeerVerifier peerVerifier;

	private final ClientCertificateSource clientCertificates;

	private final QuoteVerifier quoteVerifier;

	private final RaTlsConnectionObserver observer;

	private final Runnable unreachableListener;

	private final AtomicReference<AttestationResult> lastResult = new AtomicReference<>();

	private final AtomicLong verifications = new AtomicLong();

	private volatile boolean closed;

	/** The TLS context of the current client certificate, replaced when the certificate is. */
	private volatile ClientTlsContext tlsContext;

	/**
	 * Create a connector with the quote verifier its settings describe. Performs no I/O; the client certificate is
	 * fetched on the first {@link #connect()} and renewed in the background before it expires.
	 * @param config the settings
	 * @throws IdentityNotPinnedException if the settings pin no identity (see {@link IdentityRequirement})
	 * @throws AttestationException if the verifier cannot be built (Intel Trust Authority without an API key)
	 */
	public RaTlsConnector(RaTlsConnectorConfig config) throws IdentityNotPinnedException, AttestationException {
		this(builder(config));
	}

	private RaTlsConnector(Builder builder) throws IdentityNotPinnedException, AttestationException {
		RaTlsConnectorConfig config = builder.config;
		IdentityRequirement.enforce(config);
		this.config = config;
		this.observer = builder.observer;
		this.unreachableListener = builder.unreachableListener;
		this.guestAgent = new GuestAgentClient(GuestAgentClient.resolve(config.dstackEndpoint()),
				config.dstackTimeout());
		this.clientCertificates = new ClientCertificateSource(
				() -> this.guestAgent.getTlsKey(CLIENT_CERT_SUBJECT, true, false, true), builder.clock,
				builder.refreshScheduler, config.target());
		this.quoteVerifier = (builder.quoteVerifier != null) ? builder.quoteVerifier
				: QuoteVerifiers.create(config.verifier());
		this.peerVerifier = new RaTlsPeerVerifier(config.policy(), this.quoteVerifier, config.allowSimulator(),
				(config.kmsRootCa() != null) ? new KmsRootPin(config.kmsRootCa()) : null,
				new VerificationCache(config.cacheTtl(), Clock.systemUTC()), this.observer);
		if (SignatureVerificationSkipped.NAME.equals(this.quoteVerifier.name())) {
			logger.warn("teesql.attestation.verifier=none: quote signatures are NOT verified for {}:{}; "
					+ "any party able to forge a quote is trusted. Development only, never use in production.",
					config.host(), config.port());
		}
	}

	/**
	 * Start building a connector with live collaborators besides its settings.
	 * @param config the settings
	 * @return the builder
	 */
	public static Builder builder(RaTlsConnectorConfig config) {
		return new Builder(config);
	}

	public RaTlsConnectorConfig config() {
		return this.config;
	}

	/**
	 * The quote verifier this connector uses: the one it was given, or the one it built from
	 * {@link RaTlsConnectorConfig#verifier()}.
	 * @return the verifier
	 */
	public QuoteVerifier quoteVerifier() {
		return this.quoteVerifier;
	}

	/**
	 * The observer of this connector's handshakes and verifications.
	 * @return the observer, {@link RaTlsConnectionObserver#NONE} unless one was given
	 */
	public RaTlsConnectionObserver observer() {
		return this.observer;
	}

	/**
	 * Open a verified connection.
	 * @return a connected, handshaken and attested {@link SSLSocket}
	 * @throws IOException a {@link TeeSqlException} subtype describing the refusal or failure
	 */
	public Socket connect() throws IOException {
		try {
			return connectToTarget();
		}
		catch (TeeSqlException ex) {
			throw ex.withTarget(this.config.target());
		}
	}

	private Socket connectToTarget() throws IOException {
		if (this.closed) {
			throw new TeeSqlException(
					"RaTlsConnector for " + this.config.host() + ":" + this.config.port() + " is closed");
		}
		ClientKeyManager clientKeyManager = this.clientCertificates.keyManager();
		Socket plain = new Socket();
		Socket socket = plain;
		try {
			plain.setTcpNoDelay(true);
			Handshaken handshaken;
			try {
				connectTcp(plain);
				handshaken = handshake(plain, clientKeyManager);
			}
			catch (IOException ex) {
				// Refused, reset, timed out: the target may no longer be the leader. Attestation refusals never
				// get here, so they never trigger a re-resolution.
				this.unreachableListener.run();
				throw ex;
			}
			socket = handshaken.socket();
			verify(handshaken.chain());
			return handshaken.socket();
		}
		catch (IOException | RuntimeException | Error ex) {
			closeQuietly(socket);
			closeQuietly(plain);
			throw ex;
		}
	}

	private void connectTcp(Socket socket) throws IOException {
		InetSocketAddress address = new InetSocketAddress(this.config.host(), this.config.port());
		if (address.isUnresolved()) {
			throw new UpstreamUnreachableException("upstream host " + this.config.host() + " cannot be resolved");
		}
		long timeoutMillis = this.config.connectTimeout().toMillis();
		try {
			socket.connect(address, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
		}
		catch (SocketTimeoutException ex) {
			throw new ConnectTimeoutException(timeoutMillis, ex);
		}
		catch (IOException ex) {
			throw new UpstreamUnreachableException("upstream TCP connect to " + this.config.host() + ":"
					+ this.config.port() + " failed: " + ex.getMessage(), ex);
		}
	}

	private Handshaken handshake(Socket plain, ClientKeyManager clientKeyManager) throws IOException {
		OperationTiming timing = RaTlsConnectionObserver
			.start(() -> this.observer.handshakeStarted(this.config.host(), this.config.port()));
		long started = System.nanoTime();
		try {
			Handshaken handshaken = handshakeUnobserved(plain, clientKeyManager);
			observeHandshake(started, timing, RaTlsConnectionObserver.SUCCESS);
			return handshaken;
		}
		catch (IOException | RuntimeException ex) {
			observeHandshake(started, timing, ex.getClass().getSimpleName());
			throw ex;
		}
	}

	private void observeHandshake(long startedNanos, OperationTiming timing, String outcome) {
		Duration duration = Duration.ofNanos(System.nanoTime() - startedNanos);
		RaTlsConnectionObserver.Safely.run(() -> this.observer.handshake(duration, outcome));
		OperationTiming.endSafely(timing, outcome, Map.of());
	}

	private Handshaken handshakeUnobserved(Socket plain, ClientKeyManager clientKeyManager) throws IOException {
		long timeoutMillis = this.config.handshakeTimeout().toMillis();
		HandshakeDeadline deadline = HandshakeDeadline.start(plain, timeoutMillis);
		try {
			if (this.config.sslNegotiation() == SslNegotiation.POSTGRES) {
				requestSsl(plain, deadline);
			}
			ClientTlsContext tls = tlsContext(clientKeyManager);
			SSLSocket sslSocket = tls.open(plain);
			X509Certificate[] serverChain;
			try {
				sslSocket.setSSLParameters(sslParameters(sslSocket.getSSLParameters()));
				sslSocket.setSoTimeout(deadline.remainingMillis());
				sslSocket.startHandshake();
			}
			finally {
				serverChain = tls.takeServerChain(sslSocket);
			}
			if (deadline.finish()) {
				throw new HandshakeTimeoutException(timeoutMillis);
			}
			sslSocket.setSoTimeout(0);
			if (serverChain == null) {
				closeQuietly(sslSocket);
				throw new TlsNegotiationException("upstream TLS handshake failed: upstream presented no leaf certificate");
			}
			return new Handshaken(sslSocket, serverChain);
		}
		catch (TeeSqlException ex) {
			throw ex;
		}
		catch (SocketTimeoutException ex) {
			deadline.finish();
			throw timeout(timeoutMillis, ex);
		}
		catch (IOException ex) {
			if (deadline.finish()) {
				throw timeout(timeoutMillis, ex);
			}
			if (ClientCertificateSource.refusesClientCertificate(ex)) {
				// Expired, revoked or no longer trusted: the next connection presents a new certificate.
				this.clientCertificates.refused(clientKeyManager);
			}
			String detail = (ex instanceof SSLException || ex instanceof TlsException) ? ex.getMessage()
					: ex.getClass().getSimpleName() + ": " + ex.getMessage();
			throw new TlsNegotiationException("upstream TLS handshake failed: " + detail, ex);
		}
		finally {
			deadline.close();
		}
	}

	private static HandshakeTimeoutException timeout(long timeoutMillis, IOException cause) {
		HandshakeTimeoutException timeout = new HandshakeTimeoutException(timeoutMillis);
		timeout.initCause(cause);
		return timeout;
	}

	private void requestSsl(Socket plain, HandshakeDeadline deadline) throws IOException {
		OutputStream out = plain.getOutputStream();
		out.write(SSL_REQUEST);
		out.flush();
		plain.setSoTimeout(deadline.remainingMillis());
		InputStream in = plain.getInputStream();
		int reply = in.read();
		if (reply == 'S') {
			return;
		}
		if (reply == 'N') {
			throw new TlsNegotiationException("server refused TLS during SSLRequest handshake (replied 'N'); "
					+ "TeeSQL requires TLS: check host and port, or use direct TLS negotiation");
		}
		if (reply < 0) {
			if (deadline.expired()) {
				throw new HandshakeTimeoutException(this.config.handshakeTimeout().toMillis());
			}
			throw new TlsNegotiationException("server closed the connection in reply to the SSLRequest");
		}
		throw new TlsNegotiationException(String.format("unexpected SSLRequest reply byte: 0x%02x", reply));
	}

	private ClientTlsContext tlsContext(ClientKeyManager clientKeyManager) throws TlsNegotiationException {
		ClientTlsContext current = this.tlsContext;
		if (current != null && current.keyManager() == clientKeyManager) {
			return current;
		}
		// A new client certificate (first connection, or rotated): a new context for it. Racing threads may each
		// build one; the last one stays, the others serve their own handshake and are dropped.
		try {
			ClientTlsContext created = ClientTlsContext.create(clientKeyManager);
			this.tlsContext = created;
			return created;
		}
		catch (GeneralSecurityException ex) {
			throw new TlsNegotiationException("upstream TLS handshake failed: cannot create TLS context: "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * Apply this connector's TLS settings (protocols, SNI, no endpoint identification, no ALPN) to the parameters
	 * of a TLS engine or socket opened by another transport, such as a reactive driver.
	 * @param parameters the parameters to adjust
	 * @return the same parameters
	 */
	public SSLParameters sslParameters(SSLParameters parameters) {
		parameters.setProtocols(PROTOCOLS);
		parameters.setEndpointIdentificationAlgorithm(null);
		parameters.setApplicationProtocols(new String[0]);
		parameters.setServerNames(serverNames(this.config.host()));
		return parameters;
	}

	// The dstack gateway routes on SNI, and the JDK silently omits SNI for some names, so it is always set
	// explicitly. IP literals must not be sent as SNI (RFC 6066).
	static List<SNIServerName> serverNames(String host) {
		if (host.indexOf(':') >= 0 || IPV4.matcher(host).matches()) {
			return List.of();
		}
		try {
			return List.of(new SNIHostName(host));
		}
		catch (IllegalArgumentException ex) {
			logger.debug("Host {} is not a valid SNI host name; sending no SNI", host);
			return List.of();
		}
	}

	/**
	 * The key manager presenting the guest agent's current client certificate, for a transport that runs the TLS
	 * handshake itself (a reactive driver). May fetch the certificate from the guest agent: blocking.
	 * @return the key manager
	 * @throws IOException a {@link TeeSqlException} subtype if the connector is closed or the guest agent fails
	 */
	public X509ExtendedKeyManager clientKeyManager() throws IOException {
		if (this.closed) {
			throw new TeeSqlException(
					"RaTlsConnector for " + this.config.host() + ":" + this.config.port() + " is closed")
				.withTarget(this.config.target());
		}
		try {
			return this.clientCertificates.keyManager();
		}
		catch (TeeSqlException ex) {
			throw ex.withTarget(this.config.target());
		}
	}

	/**
	 * Verify a server chain captured by a transport that runs the TLS handshake itself, exactly as
	 * {@link #connect()} verifies its own: attestation, policy, identity pins, manifest leader instance, cache.
	 * @param chain the server's chain, leaf first
	 * @throws IOException a {@link TeeSqlException} subtype describing the refusal
	 */
	public void verifyServerChain(X509Certificate[] chain) throws IOException {
		try {
			if (chain == null || chain.length == 0) {
				throw new TlsNegotiationException(
						"upstream TLS handshake failed: upstream presented no leaf certificate");
			}
			verify(chain.clone());
		}
		catch (TeeSqlException ex) {
			throw ex.withTarget(this.config.target());
		}
	}

	/**
	 * Report that a transport that dials itself (a reactive driver) could not reach the target or lost the handshake
	 * before any attestation: runs the unreachable listener, as {@link #connect()} does.
	 */
	public void reportUnreachable() {
		this.unreachableListener.run();
	}

	private void verify(X509Certificate[] chain) throws IOException {
		AttestationResult result = this.peerVerifier.verify(chain);
		this.config.policy().checkLeaderInstance(result);
		this.lastResult.set(result);
		this.verifications.incrementAndGet();
	}

	/**
	 * The client certificate presented to the server: the guest agent's current one.
	 * @return the leaf certificate, empty before the first connection
	 */
	public Optional<X509Certificate> clientCertificate() {
		return this.clientCertificates.certificate();
	}

	/**
	 * The result of the most recent successful verification.
	 * @return the result, empty before the first one
	 */
	public Optional<AttestationResult> lastResult() {
		return Optional.ofNullable(this.lastResult.get());
	}

	/**
	 * Number of connections whose attestation was verified successfully.
	 * @return the count
	 */
	public long verificationCount() {
		return this.verifications.get();
	}

	/**
	 * The cache of successful verifications of this connector.
	 * @return the cache
	 */
	public VerificationCache verificationCache() {
		return this.peerVerifier.cache();
	}

	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public void close() {
		this.closed = true;
		this.clientCertificates.close();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already failing; the original exception is what matters.
		}
	}

	private record Handshaken(SSLSocket socket, X509Certificate[] chain) {
	}

	/**
	 * Builds a {@link RaTlsConnector} from its settings and the live collaborators that are not settings.
	 */
	public static final class Builder {

		private final RaTlsConnectorConfig config;

		private QuoteVerifier quoteVerifier;

		private RaTlsConnectionObserver observer = RaTlsConnectionObserver.NONE;

		private Runnable unreachableListener = () -> {
		};

		private Clock clock = Clock.systemUTC();

		private RefreshScheduler refreshScheduler = RefreshScheduler.shared();

		private Builder(RaTlsConnectorConfig config) {
			this.config = Objects.requireNonNull(config, "config");
		}

		/**
		 * Use this verifier instance instead of building the one {@link RaTlsConnectorConfig#verifier()} describes
		 * (for example a verifier shared by several connectors, or one with a test collateral source).
		 * @param quoteVerifier the verifier, or {@code null} to build it from the settings
		 * @return this builder
		 */
		public Builder quoteVerifier(QuoteVerifier quoteVerifier) {
			this.quoteVerifier = quoteVerifier;
			return this;
		}

		/**
		 * Report handshake and verification timings and outcomes to this observer (for example metrics).
		 * @param observer the observer, {@link RaTlsConnectionObserver#NONE} for none
		 * @return this builder
		 */
		public Builder observer(RaTlsConnectionObserver observer) {
			this.observer = Objects.requireNonNull(observer, "observer");
			return this;
		}

		/**
		 * Run this when the target cannot be reached or the handshake fails before any attestation (refused, reset,
		 * timed out), for example to re-resolve the leader. Attestation refusals never run it.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder unreachableListener(Runnable listener) {
			this.unreachableListener = Objects.requireNonNull(listener, "unreachableListener");
			return this;
		}

		Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		Builder refreshScheduler(RefreshScheduler refreshScheduler) {
			this.refreshScheduler = refreshScheduler;
			return this;
		}

		/**
		 * Create the connector. Performs no I/O.
		 * @return the connector
		 * @throws IdentityNotPinnedException if the settings pin no identity (see {@link IdentityRequirement})
		 * @throws AttestationException if the verifier cannot be built (Intel Trust Authority without an API key)
		 */
		public RaTlsConnector build() throws IdentityNotPinnedException, AttestationException {
			return new RaTlsConnector(this);
		}

	}

	@Override
	public String toString() {
		return "RaTlsConnector[" + this.config.host() + ":" + this.config.port() + ", verifications="
				+ this.verifications.get() + (this.closed ? ", closed" : "") + "]";
	}

}
