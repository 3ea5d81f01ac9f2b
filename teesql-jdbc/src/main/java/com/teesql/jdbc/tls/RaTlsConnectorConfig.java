package com.teesql.jdbc.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.QuoteVerifierSettings;
import com.teesql.jdbc.attestation.VerifierKind;

/**
 * Immutable settings of one {@link RaTlsConnector}: values only, no live collaborators (the quote verifier, an
 * observer or a listener are given to {@link RaTlsConnector#builder(RaTlsConnectorConfig)}). Two configs with equal
 * settings are {@link #equals(Object) equal}, so connectors can be cached by their settings. The defaults declared
 * here are the project's only declaration of them; the starter's properties and the CLI refer to them.
 * {@link #toString()} never shows a secret.
 */
public final class RaTlsConnectorConfig {

	/** How TLS starts by default: the ClientHello first, as the dstack gateway requires. */
	public static final SslNegotiation DEFAULT_SSL_NEGOTIATION = SslNegotiation.DIRECT;

	/** Timeout of the TCP connection to the sidecar. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

	/** Timeout of the whole RA-TLS handshake. */
	public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

	/** Timeout of each request to the dstack guest agent. */
	public static final Duration DEFAULT_DSTACK_TIMEOUT = Duration.ofSeconds(10);

	/** How long a successful verification of a server certificate is reused. */
	public static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(1);

	/** Whether a connector refuses to start without an identity pin. */
	public static final boolean DEFAULT_REQUIRE_IDENTITY = true;

	private final String host;

	private final int port;

	private final SslNegotiation sslNegotiation;

	private final Duration connectTimeout;

	private final Duration handshakeTimeout;

	private final boolean allowSimulator;

	private final String dstackEndpoint;

	private final Duration dstackTimeout;

	private final AttestationPolicy policy;

	private final QuoteVerifierSettings verifier;

	private final X509Certificate kmsRootCa;

	private final Duration cacheTtl;

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
		this.kmsRootCa = builder.kmsRootCa;
		if (builder.cacheTtl == null || builder.cacheTtl.isNegative()) {
			throw new IllegalArgumentException("cacheTtl must be zero (no cache) or positive, got " + builder.cacheTtl);
		}
		this.cacheTtl = builder.cacheTtl;
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

	/**
	 * A builder with these settings for another target (for example each leader a manifest names).
	 * @param host the host
	 * @param port the port
	 * @return the builder
	 */
	public Builder toBuilder(String host, int port) {
		Builder builder = new Builder(host, port);
		builder.sslNegotiation = this.sslNegotiation;
		builder.connectTimeout = this.connectTimeout;
		builder.handshakeTimeout = this.handshakeTimeout;
		builder.allowSimulator = this.allowSimulator;
		builder.dstackEndpoint = this.dstackEndpoint;
		builder.dstackTimeout = this.dstackTimeout;
		builder.policy = this.policy;
		builder.verifier = this.verifier;
		builder.kmsRootCa = this.kmsRootCa;
		builder.cacheTtl = this.cacheTtl;
		builder.requireIdentity = this.requireIdentity;
		return builder;
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	/**
	 * The target, for messages.
	 * @return {@code host:port}, an IPv6 host in brackets
	 */
	public String target() {
		return ((this.host.indexOf(':') >= 0) ? "[" + this.host + "]" : this.host) + ":" + this.port;
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
	 * The quote verifier to build, unless the connector is given one.
	 * @return the verifier settings
	 */
	public QuoteVerifierSettings verifier() {
		return this.verifier;
	}

	public X509Certificate kmsRootCa() {
		return this.kmsRootCa;
	}

	public Duration cacheTtl() {
		return this.cacheTtl;
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
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof RaTlsConnectorConfig that)) {
			return false;
		}
		return this.host.equals(that.host) && this.port == that.port && this.sslNegotiation == that.sslNegotiation
				&& this.connectTimeout.equals(that.connectTimeout) && this.handshakeTimeout.equals(that.handshakeTimeout)
				&& this.allowSimulator == that.allowSimulator && Objects.equals(this.dstackEndpoint, that.dstackEndpoint)
				&& this.dstackTimeout.equals(that.dstackTimeout) && this.policy.equals(that.policy)
				&& this.verifier.equals(that.verifier) && Objects.equals(this.kmsRootCa, that.kmsRootCa)
				&& this.cacheTtl.equals(that.cacheTtl) && this.requireIdentity == that.requireIdentity;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.host, this.port, this.sslNegotiation, this.connectTimeout, this.handshakeTimeout,
				this.allowSimulator, this.dstackEndpoint, this.dstackTimeout, this.policy, this.verifier,
				this.kmsRootCa, this.cacheTtl, this.requireIdentity);
	}

	@Override
	public String toString() {
		// The verifier settings hide the API key; nothing else here is secret.
		return "RaTlsConnectorConfig[host=" + this.host + ", port=" + this.port + ", sslNegotiation="
				+ this.sslNegotiation + ", connectTimeout=" + this.connectTimeout + ", handshakeTimeout="
				+ this.handshakeTimeout + ", allowSimulator=" + this.allowSimulator + ", dstackEndpoint="
				+ this.dstackEndpoint + ", dstackTimeout=" + this.dstackTimeout + ", policy=" + this.policy
				+ ", verifier=" + this.verifier + ", kmsRootCa="
				+ ((this.kmsRootCa != null) ? this.kmsRootCa.getSubjectX500Principal().getName() : null) + ", cacheTtl="
				+ this.cacheTtl + ", requireIdentity=" + this.requireIdentity + "]";
	}

	/**
	 * Builder for {@link RaTlsConnectorConfig}.
	 */
	public static final class Builder {

		private final String host;

		private final int port;

		private SslNegotiation sslNegotiation = DEFAULT_SSL_NEGOTIATION;

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;

		private boolean allowSimulator;

		private String dstackEndpoint;

		private Duration dstackTimeout = DEFAULT_DSTACK_TIMEOUT;

		private AttestationPolicy policy = AttestationPolicy.DEFAULT;

		private QuoteVerifierSettings verifier = QuoteVerifierSettings.DEFAULT;

		private X509Certificate kmsRootCa;

		private Duration cacheTtl = DEFAULT_CACHE_TTL;

		private boolean requireIdentity = DEFAULT_REQUIRE_IDENTITY;

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

		/**
		 * The quote verifier to build.
		 * @param verifier the verifier settings
		 * @return this builder
		 */
		public Builder verifier(QuoteVerifierSettings verifier) {
			this.verifier = verifier;
			return this;
		}

		/**
		 * The quote verifier to build, with its default settings.
		 * @param kind the verifier
		 * @return this builder
		 */
		public Builder verifier(VerifierKind kind) {
			this.verifier = QuoteVerifierSettings.builder().kind(kind).build();
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

		public RaTlsConnectorConfig build() {
			return new RaTlsConnectorConfig(this);
		}

	}

}
