package com.teesql.r2dbc;

import java.util.Objects;
import java.util.function.Consumer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.jdbc.tls.SslNegotiation;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.postgresql.client.SSLNegotiation;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An R2DBC {@link ConnectionFactory} whose connections are attested like the JDBC path's: r2dbc-postgresql opens the
 * connection and runs TLS, with the guest agent's RA-TLS client certificate as its key manager and, as its trust
 * manager, the {@link RaTlsConnector}'s verification of the server's attestation (extraction, key binding, quote
 * verifier, policy, identity pins, manifest leader instance, verification cache). The trust manager runs inside the
 * handshake, so a refused server never gets a StartupMessage, a role name or the secret.
 * <p>
 * Every connection attempt gets its own TLS context: no session resumption (which would skip the server's
 * certificate, and with it the attestation) and no shared state between concurrent handshakes.
 * <p>
 * Direct TLS ({@link SslNegotiation#DIRECT}, the driver's {@code tunnel} negotiation) and the SSLRequest exchange
 * ({@link SslNegotiation#POSTGRES}) both work, as set on the connector. Thread-safe.
 */
public final class AttestedConnectionFactory implements ConnectionFactory {

	/** The metadata name: the driver's, so that frameworks pick their PostgreSQL dialect. */
	public static final String METADATA_NAME = "PostgreSQL";

	private static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

	private final RaTlsConnector connector;

	private final String username;

	private final CharSequence password;

	private final String database;

	private final Consumer<PostgresqlConnectionConfiguration.Builder> driverSettings;

	private AttestedConnectionFactory(Builder builder) {
		this.connector = builder.connector;
		this.username = builder.username;
		this.password = builder.password;
		this.database = builder.database;
		this.driverSettings = builder.driverSettings;
	}

	/**
	 * Start building a factory connecting through the given connector.
	 * @param connector the connector (its settings: target, negotiation, timeouts, verification)
	 * @return the builder
	 */
	public static Builder builder(RaTlsConnector connector) {
		return new Builder(connector);
	}

	public RaTlsConnector connector() {
		return this.connector;
	}

	@Override
	public Mono<PostgresqlConnection> create() {
		RaTlsConnectorConfig config = this.connector.config();
		// The client certificate may have to be fetched from the guest agent (blocking I/O, then cached).
		return Mono.fromCallable(this.connector::clientKeyManager)
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorMap(TeeSqlException.class, ConnectFailures::toR2dbc)
			.flatMap((keyManager) -> {
				AttestedHandshake handshake = new AttestedHandshake(this.connector);
				PostgresqlConnectionFactory driver = new PostgresqlConnectionFactory(
						configuration(config, keyManager, handshake));
				return driver.create()
					// The timeout names the connector's host:port (AttestedHandshake.timeout).
					.timeout(handshake.deadline(), Mono.error(() -> ConnectFailures.toR2dbc(handshake.timeout())))
					.onErrorMap((failure) -> ConnectFailures.translate(failure, handshake, this.connector))
					.doOnCancel(handshake::abandoned);
			});
	}

	private PostgresqlConnectionConfiguration configuration(RaTlsConnectorConfig config,
			X509ExtendedKeyManager keyManager, AttestedHandshake handshake) {
		PostgresqlConnectionConfiguration.Builder builder = PostgresqlConnectionConfiguration.builder();
		this.driverSettings.accept(builder);
		// Applied after the application's settings, so none of them can weaken what follows.
		builder.host(config.host())
			.port(config.port())
			.username(this.username)
			.password(this.password)
			.connectTimeout(config.connectTimeout())
			.sslMode(SSLMode.VERIFY_CA)
			.sslNegotiation((config.sslNegotiation() == SslNegotiation.POSTGRES) ? SSLNegotiation.POSTGRES
					: SSLNegotiation.TUNNEL)
			// The connector sets SNI itself (never for IP literals); the driver would add a second one.
			.sslSni(false)
			.sslContextBuilderCustomizer((context) -> tls(context, keyManager, handshake))
			.sslEngineCustomizer(this::engine);
		if (this.database != null) {
			builder.database(this.database);
		}
		return builder.build();
	}

	private static SslContextBuilder tls(SslContextBuilder context, X509ExtendedKeyManager keyManager,
			AttestedHandshake handshake) {
		return context.sslProvider(SslProvider.JDK)
			.keyManager(keyManager)
			.trustManager(handshake.trustManager())
			.protocols(PROTOCOLS)
			// Trust comes from the attestation in the leaf, which no host name check can express.
			.endpointIdentificationAlgorithm(null);
	}

	private SSLEngine engine(SSLEngine engine) {
		engine.setSSLParameters(this.connector.sslParameters(engine.getSSLParameters()));
		return engine;
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return Metadata.INSTANCE;
	}

	@Override
	public String toString() {
		return "AttestedConnectionFactory[" + this.connector + ", user=" + this.username + "]";
	}

	private static final class Metadata implements ConnectionFactoryMetadata {

		static final Metadata INSTANCE = new Metadata();

		@Override
		public String getName() {
			return METADATA_NAME;
		}

	}

	/**
	 * Builds an {@link AttestedConnectionFactory}.
	 */
	public static final class Builder {

		private final RaTlsConnector connector;

		private String username;

		private CharSequence password;

		private String database;

		private Consumer<PostgresqlConnectionConfiguration.Builder> driverSettings = (driver) -> {
		};

		private Builder(RaTlsConnector connector) {
			this.connector = Objects.requireNonNull(connector, "connector");
		}

		/**
		 * The role to log in as (for example {@code teesql_readwrite}).
		 * @param username the role
		 * @return this builder
		 */
		public Builder username(String username) {
			this.username = username;
			return this;
		}

		/**
		 * The cluster secret; sent only after the server was attested.
		 * @param password the secret
		 * @return this builder
		 */
		public Builder password(CharSequence password) {
			this.password = password;
			return this;
		}

		/**
		 * The database, {@code null} for the role's default.
		 * @param database the database
		 * @return this builder
		 */
		public Builder database(String database) {
			this.database = database;
			return this;
		}

		/**
		 * Further driver settings (application name, statement timeout, codecs...). Target, credentials and TLS
		 * settings are applied after these and cannot be changed here.
		 * @param driverSettings the customizer
		 * @return this builder
		 */
		public Builder driverSettings(Consumer<PostgresqlConnectionConfiguration.Builder> driverSettings) {
			this.driverSettings = Objects.requireNonNull(driverSettings, "driverSettings");
			return this;
		}

		public AttestedConnectionFactory build() {
			if (this.username == null || this.username.isBlank()) {
				throw new IllegalArgumentException("username (the TeeSQL role) must be set");
			}
			if (this.password == null) {
				throw new IllegalArgumentException("password (the TeeSQL cluster secret) must be set");
			}
			return new AttestedConnectionFactory(this);
		}

	}

}
