package com.teesql.devcluster.sidecar;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.devcluster.postgres.DevPostgres;
import com.teesql.devcluster.postgres.PostgresState;

/**
 * Settings of a {@link Sidecar}. Built with {@link #builder()}; {@link #toString()} never shows secrets or keys.
 *
 * @author TeeSQL contributors
 */
public final class SidecarConfig {

	private static final Pattern SECRET = Pattern.compile("[0-9a-fA-F]{64}");

	private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private final String backendHost;

	private final int backendPort;

	private final String backendDatabase;

	private final Function<String, Optional<String>> backendPassword;

	private final String readSecret;

	private final String readWriteSecret;

	private final Map<String, String> extraRoleSecrets;

	private final PrivateKey serverKey;

	private final List<X509Certificate> serverCertificateChain;

	private final boolean requireClientCertificate;

	private final List<X509Certificate> clientTrustAnchors;

	private final ClientCertificateCheck clientCertificateCheck;

	private final AttestationSource attestationSource;

	private final Supplier<PostgresState> postgresState;

	private final Duration handshakeTimeout;

	private final Duration backendConnectTimeout;

	private final Duration idleTimeout;

	private final int maxSessions;

	private final int listenPort;

	private final int httpPort;

	private final String healthCheckRole;

	private SidecarConfig(Builder builder) {
		this.backendHost = builder.backendHost;
		this.backendPort = builder.backendPort;
		this.backendDatabase = builder.backendDatabase;
		this.backendPassword = builder.backendPassword;
		this.readSecret = builder.readSecret.toLowerCase(Locale.ROOT);
		this.readWriteSecret = builder.readWriteSecret.toLowerCase(Locale.ROOT);
		Map<String, String> extra = new LinkedHashMap<>();
		builder.extraRoleSecrets.forEach((role, secret) -> extra.put(role, secret.toLowerCase(Locale.ROOT)));
		this.extraRoleSecrets = Map.copyOf(extra);
		this.serverKey = builder.serverKey;
		this.serverCertificateChain = List.copyOf(builder.serverCertificateChain);
		this.requireClientCertificate = builder.requireClientCertificate;
		this.clientTrustAnchors = List.copyOf(builder.clientTrustAnchors);
		this.clientCertificateCheck = builder.clientCertificateCheck;
		this.attestationSource = builder.attestationSource;
		this.postgresState = builder.postgresState;
		this.handshakeTimeout = builder.handshakeTimeout;
		this.backendConnectTimeout = builder.backendConnectTimeout;
		this.idleTimeout = builder.idleTimeout;
		this.maxSessions = builder.maxSessions;
		this.listenPort = builder.listenPort;
		this.httpPort = builder.httpPort;
		this.healthCheckRole = builder.healthCheckRole;
	}

	/**
	 * Starts a builder.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	public String backendHost() {
		return this.backendHost;
	}

	public int backendPort() {
		return this.backendPort;
	}

	public String backendDatabase() {
		return this.backendDatabase;
	}

	Function<String, Optional<String>> backendPassword() {
		return this.backendPassword;
	}

	String readSecret() {
		return this.readSecret;
	}

	String readWriteSecret() {
		return this.readWriteSecret;
	}

	Map<String, String> extraRoleSecrets() {
		return this.extraRoleSecrets;
	}

	PrivateKey serverKey() {
		return this.serverKey;
	}

	public List<X509Certificate> serverCertificateChain() {
		return this.serverCertificateChain;
	}

	public boolean requireClientCertificate() {
		return this.requireClientCertificate;
	}

	public List<X509Certificate> clientTrustAnchors() {
		return this.clientTrustAnchors;
	}

	public ClientCertificateCheck clientCertificateCheck() {
		return this.clientCertificateCheck;
	}

	public Optional<AttestationSource> attestationSource() {
		return Optional.ofNullable(this.attestationSource);
	}

	public Optional<Supplier<PostgresState>> postgresState() {
		return Optional.ofNullable(this.postgresState);
	}

	public Duration handshakeTimeout() {
		return this.handshakeTimeout;
	}

	public Duration backendConnectTimeout() {
		return this.backendConnectTimeout;
	}

	public Duration idleTimeout() {
		return this.idleTimeout;
	}

	public int maxSessions() {
		return this.maxSessions;
	}

	public int listenPort() {
		return this.listenPort;
	}

	public int httpPort() {
		return this.httpPort;
	}

	public String healthCheckRole() {
		return this.healthCheckRole;
	}

	@Override
	public String toString() {
		return "SidecarConfig[backend=" + this.backendHost + ":" + this.backendPort + "/" + this.backendDatabase
				+ ", roles=" + roles() + ", requireClientCertificate=" + this.requireClientCertificate
				+ ", clientTrustAnchors=" + this.clientTrustAnchors.size() + ", handshakeTimeout="
				+ this.handshakeTimeout + ", idleTimeout=" + this.idleTimeout + ", maxSessions=" + this.maxSessions
				+ "]";
	}

	private List<String> roles() {
		List<String> roles = new ArrayList<>(ClusterRoles.ALL);
		roles.addAll(this.extraRoleSecrets.keySet());
		return roles;
	}

	/**
	 * Builder for {@link SidecarConfig}. Required: backend port, backend password function, both cluster secrets,
	 * server key and chain, and client trust anchors unless client certificates are not required.
	 */
	public static final class Builder {

		private String backendHost = "127.0.0.1";

		private int backendPort = -1;

		private String backendDatabase = "postgres";

		private Function<String, Optional<String>> backendPassword;

		private String readSecret;

		private String readWriteSecret;

		private final Map<String, String> extraRoleSecrets = new LinkedHashMap<>();

		private PrivateKey serverKey;

		private List<X509Certificate> serverCertificateChain = List.of();

		private boolean requireClientCertificate = true;

		private List<X509Certificate> clientTrustAnchors = List.of();

		private ClientCertificateCheck clientCertificateCheck = ClientCertificateCheck.NONE;

		private AttestationSource attestationSource;

		private Supplier<PostgresState> postgresState;

		private Duration handshakeTimeout = Duration.ofSeconds(10);

		private Duration backendConnectTimeout = Duration.ofSeconds(5);

		private Duration idleTimeout = Duration.ZERO;

		private int maxSessions = 256;

		private int listenPort;

		private int httpPort;

		private String healthCheckRole = ClusterRoles.READ;

		private Builder() {
		}

		/**
		 * Uses a {@link DevPostgres} as backend: its address, database, role passwords and state.
		 * @param postgres the server
		 * @return this builder
		 */
		public Builder backend(DevPostgres postgres) {
			return backendHost(postgres.host()).backendPort(postgres.port())
				.backendDatabase(postgres.database())
				.backendPassword(postgres::passwordOf)
				.postgresState(postgres::state);
		}

		public Builder backendHost(String backendHost) {
			this.backendHost = Objects.requireNonNull(backendHost, "backendHost");
			return this;
		}

		public Builder backendPort(int backendPort) {
			this.backendPort = backendPort;
			return this;
		}

		/**
		 * Database used by the health check (clients choose their own).
		 * @param backendDatabase the database name
		 * @return this builder
		 */
		public Builder backendDatabase(String backendDatabase) {
			this.backendDatabase = Objects.requireNonNull(backendDatabase, "backendDatabase");
			return this;
		}

		/**
		 * The real PostgreSQL password of each role the sidecar logs in as.
		 * @param backendPassword role to password
		 * @return this builder
		 */
		public Builder backendPassword(Function<String, Optional<String>> backendPassword) {
			this.backendPassword = Objects.requireNonNull(backendPassword, "backendPassword");
			return this;
		}

		public Builder readSecret(String readSecret) {
			this.readSecret = readSecret;
			return this;
		}

		public Builder readWriteSecret(String readWriteSecret) {
			this.readWriteSecret = readWriteSecret;
			return this;
		}

		/**
		 * Adds a role beyond the two documented ones (for example {@code chain_indexer_writer}) with its own secret.
		 * @param role the PostgreSQL role
		 * @param secret its 64-hex cluster secret
		 * @return this builder
		 */
		public Builder extraRoleSecret(String role, String secret) {
			this.extraRoleSecrets.put(Objects.requireNonNull(role, "role"), Objects.requireNonNull(secret, "secret"));
			return this;
		}

		public Builder extraRoleSecrets(Map<String, String> secrets) {
			secrets.forEach(this::extraRoleSecret);
			return this;
		}

		/**
		 * The TLS identity of the listener.
		 * @param key private key
		 * @param chain certificate chain, leaf first
		 * @return this builder
		 */
		public Builder serverCertificate(PrivateKey key, X509Certificate... chain) {
			this.serverKey = Objects.requireNonNull(key, "key");
			this.serverCertificateChain = List.of(chain);
			return this;
		}

		/**
		 * Whether clients must present a certificate. {@code false} is simulator mode: none is requested.
		 * @param requireClientCertificate defaults to {@code true}
		 * @return this builder
		 */
		public Builder requireClientCertificate(boolean requireClientCertificate) {
			this.requireClientCertificate = requireClientCertificate;
			return this;
		}

		public Builder clientTrustAnchors(List<X509Certificate> clientTrustAnchors) {
			this.clientTrustAnchors = List.copyOf(clientTrustAnchors);
			return this;
		}

		public Builder clientCertificateCheck(ClientCertificateCheck clientCertificateCheck) {
			this.clientCertificateCheck = Objects.requireNonNull(clientCertificateCheck, "clientCertificateCheck");
			return this;
		}

		public Builder attestationSource(AttestationSource attestationSource) {
			this.attestationSource = attestationSource;
			return this;
		}

		public Builder postgresState(Supplier<PostgresState> postgresState) {
			this.postgresState = postgresState;
			return this;
		}

		/**
		 * Bound on everything before the splice: negotiation, TLS handshake, startup packet, password and the
		 * injected login.
		 * @param handshakeTimeout defaults to 10 seconds
		 * @return this builder
		 */
		public Builder handshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = handshakeTimeout;
			return this;
		}

		public Builder backendConnectTimeout(Duration backendConnectTimeout) {
			this.backendConnectTimeout = backendConnectTimeout;
			return this;
		}

		/**
		 * Closes a spliced session after this long without traffic in either direction.
		 * @param idleTimeout {@link Duration#ZERO} (the default) for no limit
		 * @return this builder
		 */
		public Builder idleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
			return this;
		}

		/**
		 * Connections beyond this many live sessions are closed right after accept.
		 * @param maxSessions defaults to 256
		 * @return this builder
		 */
		public Builder maxSessions(int maxSessions) {
			this.maxSessions = maxSessions;
			return this;
		}

		/**
		 * Port of the TLS listener on 127.0.0.1.
		 * @param listenPort defaults to 0 (ephemeral)
		 * @return this builder
		 */
		public Builder listenPort(int listenPort) {
			this.listenPort = listenPort;
			return this;
		}

		/**
		 * Port of the HTTP API on 127.0.0.1.
		 * @param httpPort defaults to 0 (ephemeral)
		 * @return this builder
		 */
		public Builder httpPort(int httpPort) {
			this.httpPort = httpPort;
			return this;
		}

		/**
		 * Role whose backend login {@code /health} tries.
		 * @param healthCheckRole defaults to {@code teesql_read}
		 * @return this builder
		 */
		public Builder healthCheckRole(String healthCheckRole) {
			this.healthCheckRole = Objects.requireNonNull(healthCheckRole, "healthCheckRole");
			return this;
		}

		/**
		 * Validates and builds.
		 * @return the configuration
		 * @throws IllegalArgumentException naming the first invalid setting (never its secret value)
		 */
		public SidecarConfig build() {
			requirePort("backendPort", this.backendPort, false);
			requirePort("listenPort", this.listenPort, true);
			requirePort("httpPort", this.httpPort, true);
			require(this.backendPassword != null, "backendPassword must be set");
			requireSecret("readSecret", this.readSecret);
			requireSecret("readWriteSecret", this.readWriteSecret);
			this.extraRoleSecrets.forEach((role, secret) -> {
				require(ROLE.matcher(role).matches(), "extra role name '" + role + "' is not a valid role name");
				require(!ClusterRoles.ALL.contains(role),
						"extra role '" + role + "' duplicates a documented role; use readSecret/readWriteSecret");
				requireSecret("secret of extra role " + role, secret);
			});
			require(this.serverKey != null, "server key must be set");
			require(!this.serverCertificateChain.isEmpty(), "server certificate chain must not be empty");
			require(!this.requireClientCertificate || !this.clientTrustAnchors.isEmpty(),
					"clientTrustAnchors must not be empty when client certificates are required");
			requirePositive("handshakeTimeout", this.handshakeTimeout);
			requirePositive("backendConnectTimeout", this.backendConnectTimeout);
			require(this.idleTimeout != null && !this.idleTimeout.isNegative(),
					"idleTimeout must be zero or positive, got " + this.idleTimeout);
			require(this.maxSessions > 0, "maxSessions must be positive, got " + this.maxSessions);
			return new SidecarConfig(this);
		}

		private static void requireSecret(String name, String secret) {
			require(secret != null, name + " must be set");
			// The value is deliberately not part of the message.
			require(SECRET.matcher(secret).matches(),
					name + " must be 64 hex characters (32 bytes), got " + secret.length() + " characters");
		}

		private static void requirePort(String name, int port, boolean zeroAllowed) {
			require(port >= (zeroAllowed ? 0 : 1) && port <= 65535, name + " must be a TCP port, got " + port);
		}

		private static void requirePositive(String name, Duration duration) {
			require(duration != null && !duration.isNegative() && !duration.isZero(),
					name + " must be positive, got " + duration);
		}

		private static void require(boolean condition, String message) {
			if (!condition) {
				throw new IllegalArgumentException(message);
			}
		}

	}

}
