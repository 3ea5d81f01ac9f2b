package com.teesql.r2dbc;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.DevClusterOptions;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.devcluster.sidecar.SidecarStats;
import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.errors.DebugModeException;
import com.teesql.jdbc.errors.HandshakeTimeoutException;
import com.teesql.jdbc.errors.MissingAttestationExtensionException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.errors.ReportDataBindingException;
import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.observation.OperationTiming;
import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.jdbc.tls.SslNegotiation;
import com.teesql.testsupport.Await;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The R2DBC path with real parts: r2dbc-postgresql → attested TLS (the connector's verification as the trust
 * manager) → dev sidecar (mutual TLS, secret authentication, credential injection) → real PostgreSQL. Each refusal
 * of the JDBC suite is proven here with its text, and to happen before the sidecar sees a StartupMessage.
 */
class AttestedConnectionFactoryEndToEndTests {

	private static final Duration BLOCK = Duration.ofSeconds(30);

	private static final String EXTRA_ROLE = "chain_indexer_writer";

	private static final String EXTRA_ROLE_SECRET = "c".repeat(64);

	private static DevCluster cluster;

	private final List<RaTlsConnector> connectors = new ArrayList<>();

	@BeforeAll
	static void startCluster() {
		cluster = DevCluster.start(DevClusterOptions.defaults().withExtraRole(EXTRA_ROLE, EXTRA_ROLE_SECRET));
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@AfterEach
	void genuineCertificateAgainAndConnectorsClosed() {
		cluster.reissueServerCertificate(AttestationKnobs.genuine());
		this.connectors.forEach(RaTlsConnector::close);
	}

	@Test
	void notesRoundTripThroughDirectTls() {
		AttestedConnectionFactory factory = factory(ClusterRoles.READ_WRITE, cluster.readWriteSecret(), (c) -> c);
		List<String> notes = Mono.usingWhen(factory.create(), (connection) -> Flux
			.from(connection.createStatement("CREATE TABLE IF NOT EXISTS r2dbc_notes (id serial primary key, text text)")
				.execute())
			.flatMap((result) -> result.getRowsUpdated())
			.thenMany(connection.createStatement("INSERT INTO r2dbc_notes (text) VALUES ($1)")
				.bind("$1", "attested before the first byte")
				.execute())
			.flatMap((result) -> result.getRowsUpdated())
			.thenMany(connection.createStatement("SELECT text FROM r2dbc_notes ORDER BY id").execute())
			.flatMap((result) -> result.map((row, metadata) -> row.get("text", String.class)))
			.collectList(), PostgresqlConnection::close).block(BLOCK);
		assertThat(notes).contains("attested before the first byte");
		assertThat(factory.connector().verificationCount()).isEqualTo(1);
		assertThat(factory.connector().lastResult()).isPresent();
	}

	@Test
	void postgresNegotiationAlsoWorks() {
		assertThat(currentUser(factory(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
				(c) -> c.sslNegotiation(SslNegotiation.POSTGRES))))
			.isEqualTo("teesql_readwrite");
	}

	@Test
	void clientCertificateComesFromTheGuestAgentUnixSocket() {
		assertThat(currentUser(factory(ClusterRoles.READ, cluster.readSecret(),
				(c) -> c.dstackEndpoint(cluster.guestAgentSocket().toString()))))
			.isEqualTo("teesql_read");
	}

	@Test
	void aSecondConnectionReusesTheVerificationOfAnUnchangedCertificate() {
		AttestedConnectionFactory factory = factory(ClusterRoles.READ_WRITE, cluster.readWriteSecret(), (c) -> c);
		currentUser(factory);
		currentUser(factory);
		assertThat(factory.connector().verificationCache().misses()).isEqualTo(1);
		assertThat(factory.connector().verificationCache().hits()).isEqualTo(1);
	}

	@Test
	void wrongSecretIsRefusedBySidecarWithPasswordAuthenticationFailed() {
		R2dbcPermissionDeniedException failure = catchThrowableOfType(R2dbcPermissionDeniedException.class,
				() -> currentUser(factory(ClusterRoles.READ_WRITE, "0".repeat(64), (c) -> c)));
		assertThat(failure.getSqlState()).isEqualTo("28P01");
		assertThat(failure.getMessage()).contains("password authentication failed");
	}

	@Test
	void roleUnknownToPostgresFailsWithPgAuthInjectEarlyEof() {
		R2dbcException failure = catchThrowableOfType(R2dbcException.class,
				() -> currentUser(factory(EXTRA_ROLE, EXTRA_ROLE_SECRET, (c) -> c)));
		assertThat(failure.getMessage()).contains("pg_auth_inject failed: early eof");
	}

	@Test
	void certificateWithoutAttestationIsRefusedUnlessSimulatorIsAllowed() {
		cluster.reissueServerCertificate(AttestationKnobs.genuine().withRaTlsExtension(false));
		assertRefusedBeforeStartup(MissingAttestationExtensionException.class,
				"upstream cert has no TDX attestation extension; set teesql.allow-simulator=true for non-TEE targets",
				(c) -> c);
		assertThat(currentUser(factory(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
				(c) -> c.allowSimulator(true))))
			.isEqualTo("teesql_readwrite");
	}

	@Test
	void quoteBoundToAnotherKeyIsRefusedBeforeAnyPostgresByte() {
		cluster.reissueServerCertificate(AttestationKnobs.genuine().withBindOtherKey(true));
		TeeSqlException refusal = assertRefusedBeforeStartup(ReportDataBindingException.class, null, (c) -> c);
		assertThat(refusal).hasMessageStartingWith("quote REPORTDATA does not bind the TLS certificate's public key");
	}

	@Test
	void debugTdIsRefusedUnlessAllowed() {
		cluster.reissueServerCertificate(AttestationKnobs.genuine().withDebug(true));
		TeeSqlException refusal = assertRefusedBeforeStartup(DebugModeException.class, null, (c) -> c);
		assertThat(refusal).hasMessageStartingWith(
				"TDX TD is in debug mode — connection refused. Debug TDs have no confidentiality guarantees.");
		assertThat(currentUser(factory(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
				(c) -> c.policy(pinned().allowDebugMode(true).build()))))
			.isEqualTo("teesql_readwrite");
	}

	@Test
	void debugTdIsRefusedBeforeAnyPostgresByteWithSslRequestNegotiationToo() {
		cluster.reissueServerCertificate(AttestationKnobs.genuine().withDebug(true));
		assertRefusedBeforeStartup(DebugModeException.class, null, (c) -> c.sslNegotiation(SslNegotiation.POSTGRES));
	}

	@Test
	void mrtdOutsideTheAllowlistIsRefused() {
		byte[] otherMrtd = new byte[48];
		new SecureRandom().nextBytes(otherMrtd);
		cluster.reissueServerCertificate(AttestationKnobs.genuine().withMrTd(otherMrtd));
		String served = HexFormat.of().formatHex(otherMrtd);
		assertRefusedBeforeStartup(MrtdNotAllowedException.class, "MRTD \"" + served
				+ "\" is not in the allowlist. Update teesql.attestation.allowed-mrtd if you intentionally upgraded the CVM image.",
				(c) -> c.policy(pinned().allowedMrtd("0x" + "ab".repeat(48)).build()));
		assertThat(currentUser(factory(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
				(c) -> c.policy(pinned().allowedMrtd("0x" + served).build()))))
			.isEqualTo("teesql_readwrite");
	}

	@Test
	void observerSeesTheHandshakeAndTheVerificationLikeOnTheJdbcPath() {
		List<String> events = new CopyOnWriteArrayList<>();
		RaTlsConnectionObserver observer = new RaTlsConnectionObserver() {

			@Override
			public void handshake(Duration duration, String outcome) {
				events.add("handshake:" + outcome);
			}

			@Override
			public void verification(String verifierName, Duration duration, String outcome) {
				events.add("verification:" + outcome);
			}

			@Override
			public void cacheHit() {
				events.add("cache-hit");
			}

			@Override
			public OperationTiming handshakeStarted(String host, int port) {
				events.add("handshake-started:" + host + ":" + port);
				return (outcome, details) -> events.add("handshake-ended:" + outcome);
			}

		};
		AttestedConnectionFactory factory = factory(ClusterRoles.READ_WRITE, cluster.readWriteSecret(), (c) -> c,
				observer);
		currentUser(factory);
		currentUser(factory);
		String started = "handshake-started:" + cluster.host() + ":" + cluster.sidecarPort();
		assertThat(events).containsExactly(started, "handshake:success", "handshake-ended:success",
				"verification:accepted", started, "handshake:success", "handshake-ended:success", "cache-hit");
	}

	@Test
	void handshakeTimeoutAgainstASilentListenerFailsWithinTheTimeoutAndClosesTheSocket() throws Exception {
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			CompletableFuture<Integer> firstByteAfterClose = new CompletableFuture<>();
			Thread acceptor = new Thread(() -> {
				try (Socket accepted = silent.accept(); InputStream in = accepted.getInputStream()) {
					// Read the ClientHello, then wait for the client to give up (read returns -1).
					byte[] buffer = new byte[4096];
					int read;
					do {
						read = in.read(buffer);
					}
					while (read > 0);
					firstByteAfterClose.complete(read);
				}
				catch (IOException ex) {
					firstByteAfterClose.completeExceptionally(ex);
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			RaTlsConnector connector = connector(RaTlsConnectorConfig.builder("127.0.0.1", silent.getLocalPort())
				.handshakeTimeout(Duration.ofMillis(700))
				.dstackEndpoint(cluster.guestAgentEndpoint())
				.verifier(VerifierKind.NONE)
				.policy(pinned().build()));
			AttestedConnectionFactory factory = AttestedConnectionFactory.builder(connector)
				.username(ClusterRoles.READ_WRITE)
				.password(cluster.readWriteSecret())
				.build();
			R2dbcTimeoutException failure = catchThrowableOfType(R2dbcTimeoutException.class,
					() -> factory.create().block(BLOCK));
			assertThat(failure).hasMessage("upstream TLS handshake timed out after 700ms")
				.cause()
				.isInstanceOf(HandshakeTimeoutException.class);
			// The abandoned attempt's channel is closed, not leaked.
			assertThat(firstByteAfterClose.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
		}
	}

	private static <T extends TeeSqlException> T assertRefusedBeforeStartup(Class<T> type, String message,
			UnaryOperator<RaTlsConnectorConfig.Builder> customizer) {
		SidecarStats before = cluster.sidecarStats();
		AttestedConnectionFactoryEndToEndTests test = new AttestedConnectionFactoryEndToEndTests();
		try {
			R2dbcPermissionDeniedException failure = catchThrowableOfType(R2dbcPermissionDeniedException.class,
					() -> currentUser(test.factory(ClusterRoles.READ_WRITE, cluster.readWriteSecret(), customizer)));
			assertThat(failure).as("refusal").isNotNull();
			assertThat(failure.getCause()).isInstanceOf(type);
			if (message != null) {
				assertThat(failure).hasMessage(message);
				assertThat(failure.getCause()).hasMessage(message);
			}
			// The refusal aborts the handshake: the sidecar counts a failed handshake and never a StartupMessage.
			SidecarStats after = awaitStats((stats) -> stats.handshakeFailures() > before.handshakeFailures());
			assertThat(after.startupMessagesSeen()).isEqualTo(before.startupMessagesSeen());
			assertThat(after.authFailures()).isEqualTo(before.authFailures());
			assertThat(after.handshakesCompleted()).isEqualTo(before.handshakesCompleted());
			return type.cast(failure.getCause());
		}
		finally {
			test.connectors.forEach(RaTlsConnector::close);
		}
	}

	private AttestedConnectionFactory factory(String role, String secret,
			UnaryOperator<RaTlsConnectorConfig.Builder> customizer) {
		return factory(role, secret, customizer, RaTlsConnectionObserver.NONE);
	}

	private AttestedConnectionFactory factory(String role, String secret,
			UnaryOperator<RaTlsConnectorConfig.Builder> customizer, RaTlsConnectionObserver observer) {
		RaTlsConnectorConfig.Builder builder = RaTlsConnectorConfig.builder(cluster.host(), cluster.sidecarPort())
			.dstackEndpoint(cluster.guestAgentEndpoint())
			.verifier(VerifierKind.NONE)
			.policy(pinned().build());
		return AttestedConnectionFactory.builder(connector(customizer.apply(builder), observer))
			.username(role)
			.password(secret)
			.database(cluster.database())
			.build();
	}

	private RaTlsConnector connector(RaTlsConnectorConfig.Builder builder) {
		return connector(builder, RaTlsConnectionObserver.NONE);
	}

	private RaTlsConnector connector(RaTlsConnectorConfig.Builder builder, RaTlsConnectionObserver observer) {
		try {
			RaTlsConnector connector = RaTlsConnector.builder(builder.build()).observer(observer).build();
			this.connectors.add(connector);
			return connector;
		}
		catch (TeeSqlException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static AttestationPolicy.Builder pinned() {
		return AttestationPolicy.builder().allowedAppIds(List.of(cluster.appId()));
	}

	private static String currentUser(AttestedConnectionFactory factory) {
		return Mono.usingWhen(factory.create(),
				(connection) -> Mono.from(connection.createStatement("SELECT current_user").execute())
					.flatMap((result) -> Mono.from(result.map((row, metadata) -> row.get(0, String.class)))),
				PostgresqlConnection::close)
			.block(BLOCK);
	}

	private static SidecarStats awaitStats(Predicate<SidecarStats> condition) {
		return Await.until("the sidecar stats to match", cluster::sidecarStats, condition);
	}

}
