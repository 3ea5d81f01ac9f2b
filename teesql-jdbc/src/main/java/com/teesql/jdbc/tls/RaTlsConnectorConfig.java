package com.teesql.jdbc.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;

import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.manifest.LeaderManifest;

/**
 * Immutable settings of one {@link RaTlsConnector}. Holds no secrets.
 */
public final class RaTlsConnectorConfig {

	private final String host;

	private final int port;

	private final SslNegotiation sslNegotiation;

	private final Duration connectTimeout;

	private final Duration handshakeTimeout;

	private final boolean allowSimulator;

	private final String dstackEndpoint;

	private final Duration dstackTimeout;

	private final AttestationPolicy policy;

	private final VerifierKind verifier;

	private final QuoteVerifier quoteVerifier;

	private final X509Certificate kmsRootCa;

	private final Duration cacheTtl;

	private final RaTlsConnectionObserver observer;

	private final LeaderManifest leaderManifest;

	private final Runnable unreachableListener;

	private final boolean requireIdentity;

	private RaTlsConnectorConfig(Builder builder) {
		this.host = requireText(builder.host, "host");
		if (builder.port < 1 || builder.port > 65535) {
			throw new IllegalArgumentException("port must be between 1 and 65535, got " + builder.port);
		}
		this.port = builder.port;
		this.sslNegotiation = Objects.requireNonNull(builder.sslNegotiation, "sslNegotiation");
		this.connectTimeout = requirePositive(builder.connectTimeout, "connectTimeout");
		this.handshakeTimeout = requirePositive(builder.handshakeTimeout, "handshakeTimeout");
		this.allowSimulator = builder.allowSimulator;
		this.dstackEndpoint = (builder.dstackEndpoint == null || builder.dstackEndpoint.isBlank()) ? null
				: builder.dstackEndpoint;
		this.dstackTimeout = requirePositive(builder.dstackTimeout, "dstackTimeout");
		this.policy = Objects.requireNonNull(builder.policy, "policy");
		this.verifier = Objects.requireNonNull(builder.verifier, "verifier");
		this.quoteVerifier = builder.quoteVerifier;
		this.kmsRootCa = builder.kmsRootCa;
		if (builder.cacheTtl == null || builder.cacheTtl.isNegative()) {
			throw new IllegalArgumentException("cacheTtl must be zero (no cache) or positive, got " + builder.cacheTtl);
		}
		this.cacheTtl = builder.cacheTtl;
		this.observer = Objects.requireNonNull(builder.observer, "observer");
		this.leaderManifest = builder.leaderManifest;
		this.unreachableListener = Objects.requireNonNull(builder.unreachableListener, "unreachableListener");
		this.requireIdentity = builder.requireIdentity;
	}

	private static String requireText(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be empty");
		}
		return value;
	}

	private static Duration requirePositive(Duration value, String name) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
		}
		return value;
	}

	/**
	 * Start a builder for the given target.
	 * @param host the sidecar or gateway host name or IP literal (no brackets)
	 * @param port the port
	 * @return the builder
	 */
	public static Builder builder(String host, int port) {
		return new Builder(host, port);
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	public SslNegotiation sslNegotiation() {
		return this.sslNegotiation;
	}

	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	public Duration handshakeTimeout() {
		return this.handshakeTimeout;
	}

	public boolean allowSimulator() {
		return this.allowSimulator;
	}

	/**
	 * The configured guest agent endpoint.
	 * @return the endpoint, or {@code null} to resolve it automatically
	 */
	public String dstackEndpoint() {
		return this.dstackEndpoint;
	}

	public Duration dstackTimeout() {
		return this.dstackTimeout;
	}

	public AttestationPolicy policy() {
		return this.policy;
	}

	/**
	 * The verifier instance to use, when one was given.
	 * @return the verifier, or {@code null} to create one from {@link #verifier()}
	 */
	public QuoteVerifier quoteVerifier() {
		return this.quoteVerifier;
	}

	public X509Certificate kmsRootCa() {
		return this.kmsRootCa;
	}

	public Duration cacheTtl() {
		return this.cacheTtl;
	}

	public VerifierKind verifier() {
		return this.verifier;
	}

	/**
	 * The observer of handshakes and verifications.
	 * @return the observer, {@link RaTlsConnectionObserver#NONE} unless one was set
	 */
	public RaTlsConnectionObserver observer() {
		return this.observer;
	}

	/**
	 * The manifest that named this target as the leader, if any: the server's attested instance-id must be its
	 * {@code leader_instance}.
	 * @return the manifest, or {@code null}
	 */
	public LeaderManifest leaderManifest() {
		return this.leaderManifest;
	}

	/**
	 * Called when the target cannot be reached or the handshake fails before any attestation (refused, reset, timed
	 * out), for example to re-resolve the leader.
	 * @return the listener
	 */
	public Runnable unreachableListener() {
		return this.unreachableListener;
	}

	/**
	 * Whether a connector with these settings refuses to start without an identity pin (see
	 * {@link IdentityRequirement}).
	 * @return {@code true} unless the escape hatch was set
	 */
	public boolean requireIdentity() {
		return this.requireIdentity;
	}

	/**
	 * Whether these settings name the deployment to trust: an app-id or compose-hash allowlist, or a KMS root. MRTD and
	 * RTMR allowlists do not count (they identify an image, not a deployment).
	 * @return {@code true} if at least one identity pin is set
	 */
	public boolean identityPinned() {
		return IdentityRequirement.pinned(this.policy, this.kmsRootCa != null);
	}

	@Override
	public String toString() {
		return "RaTlsConnectorConfig[host=" + this.host + ", port=" + this.port + ", sslNegotiation="
				+ this.sslNegotiation + ", connectTimeout=" + this.connectTimeout + ", handshakeTimeout="
				+ this.handshakeTimeout + ", allowSimulator=" + this.allowSimulator + ", dstackEndpoint="
				+ this.dstackEndpoint + ", dstackTimeout=" + this.dstackTimeout + ", policy=" + this.policy
				+ ", verifier=" + this.verifier + ", requireIdentity=" + this.requireIdentity + "]";
	}

	/**
	 * Builder for {@link RaTlsConnectorConfig}.
	 */
	public static final class Builder {

		private final String host;

		private final int port;

		private SslNegotiation sslNegotiation = SslNegotiation.DIRECT;

		private Duration connectTimeout = Duration.ofSeconds(10);

		private Duration handshakeTimeout = Duration.ofSeconds(5);

		private boolean allowSimulator;

		private String dstackEndpoint;

		private Duration dstackTimeout = Duration.ofSeconds(10);

		private AttestationPolicy policy = AttestationPolicy.DEFAULT;

		private VerifierKind verifier = VerifierKind.DCAP;

		private QuoteVerifier quoteVerifier;

		private X509Certificate kmsRootCa;

		private Duration cacheTtl = Duration.ofHours(1);

		private RaTlsConnectionObserver observer = RaTlsConnectionObserver.NONE;

		private LeaderManifest leaderManifest;

		private Runnable unreachableListener = () -> {
		};

		private boolean requireIdentity = true;

		private Builder(String host, int port) {
			this.host = host;
			this.port = port;
		}

		public Builder sslNegotiation(SslNegotiation sslNegotiation) {
			this.sslNegotiation = sslNegotiation;
			return this;
		}

		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		public Builder handshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = handshakeTimeout;
			return this;
		}

		public Builder allowSimulator(boolean allowSimulator) {
			this.allowSimulator = allowSimulator;
			return this;
		}

		public Builder dstackEndpoint(String dstackEndpoint) {
			this.dstackEndpoint = dstackEndpoint;
			return this;
		}

		public Builder dstackTimeout(Duration dstackTimeout) {
			this.dstackTimeout = dstackTimeout;
			return this;
		}

		public Builder policy(AttestationPolicy policy) {
			this.policy = policy;
			return this;
		}

		public Builder verifier(VerifierKind verifier) {
			this.verifier = verifier;
			return this;
		}

		/**
		 * Use this verifier instance instead of the default one of {@link #verifier(VerifierKind)}.
		 * @param quoteVerifier the verifier (DCAP with a collateral source, Intel Trust Authority, ...)
		 * @return this builder
		 */
		public Builder quoteVerifier(QuoteVerifier quoteVerifier) {
			this.quoteVerifier = quoteVerifier;
			return this;
		}

		/**
		 * Require the server's certificate chain to anchor to this dstack KMS root.
		 * @param kmsRootCa the pinned root, or {@code null} for no pinning
		 * @return this builder
		 */
		public Builder kmsRootCa(X509Certificate kmsRootCa) {
			this.kmsRootCa = kmsRootCa;
			return this;
		}

		/**
		 * How long a successful verification of a leaf certificate is reused (never beyond the validity of its
		 * evidence); zero verifies every connection.
		 * @param cacheTtl the time to live
		 * @return this builder
		 */
		public Builder cacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
			return this;
		}

		/**
		 * Report handshake and verification timings and outcomes to this observer (for example metrics).
		 * @param observer the observer, {@link RaTlsConnectionObserver#NONE} for none
		 * @return this builder
		 */
		/**
		 * Bind the target to the manifest that named it leader (its attested instance-id must match).
		 * @param leaderManifest the manifest
		 * @return this builder
		 */
		public Builder leaderManifest(LeaderManifest leaderManifest) {
			this.leaderManifest = leaderManifest;
			return this;
		}

		/**
		 * Run this when the target is unreachable before attestation (see {@link #unreachableListener()}).
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder unreachableListener(Runnable listener) {
			this.unreachableListener = listener;
			return this;
		}

		/**
		 * Whether the connector refuses to start without an identity pin (an app-id or compose-hash allowlist in the
		 * {@link #policy(AttestationPolicy) policy}, or a {@link #kmsRootCa(X509Certificate) KMS root}). {@code false}
		 * is the escape hatch for users who knowingly accept any genuine TDX machine: the connector then logs a
		 * warning every time it is created.
		 * @param requireIdentity {@code true} (the default) to refuse unpinned settings
		 * @return this builder
		 */
		public Builder requireIdentity(boolean requireIdentity) {
			this.requireIdentity = requireIdentity;
			return this;
		}

		public Builder observer(RaTlsConnectionObserver observer) {
			this.observer = observer;
			return this;
		}

		public RaTlsConnectorConfig build() {
			return new RaTlsConnectorConfig(this);
		}

	}

}
