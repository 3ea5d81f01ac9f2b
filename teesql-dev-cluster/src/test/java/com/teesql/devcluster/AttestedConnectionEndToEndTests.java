package com.teesql.devcluster;

import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.CollateralKnobs;
import com.teesql.devcluster.platform.CollateralSigner;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.devcluster.sidecar.SidecarStats;
import com.teesql.devcluster.support.DevIdentity;
import com.teesql.devcluster.support.PinnedConnections;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;
import com.teesql.jdbc.attestation.dcap.TcbStatus;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.CertChainVerificationException;
import com.teesql.jdbc.errors.DebugModeException;
import com.teesql.jdbc.errors.HandshakeTimeoutException;
import com.teesql.jdbc.errors.IdentityNotPinnedException;
import com.teesql.jdbc.errors.MeasurementNotAllowedException;
import com.teesql.jdbc.errors.MissingAttestationExtensionException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.errors.TcbStatusNotAcceptedException;
import com.teesql.jdbc.errors.ReportDataBindingException;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.jdbc.tls.SslNegotiation;
import com.teesql.jdbc.tls.TeeSqlJdbcUrls;
import com.teesql.testsupport.Await;
import com.teesql.testsupport.Causes;
import com.teesql.testsupport.SilentServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static com.teesql.devcluster.support.PinnedConnections.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The whole path with real parts: pgjdbc → RA-TLS socket factory → real TLS → dev sidecar (mutual TLS, secret
 * authentication, credential injection) → real PostgreSQL. Each refusal is proven to happen before the sidecar
 * sees a StartupMessage, i.e. before any byte of the PostgreSQL protocol (and the secret) is sent.
 */
class AttestedConnectionEndToEndTests {

	private static final String EXTRA_ROLE = "chain_indexer_writer";

	private static final String EXTRA_ROLE_SECRET = "c".repeat(64);

	@AutoClose
	private static final DevCluster cluster = DevCluster.start(DevClusterOptions.defaults().withExtraRole(EXTRA_ROLE, EXTRA_ROLE_SECRET));

	private static final PinnedConnections connections = new PinnedConnections(cluster, "e2e-");

	@AfterEach
	void genuineCertificateAgain() {
		cluster.reissueServerCertificate(AttestationKnobs.genuine());
		cluster.setCollateralKnobs(CollateralKnobs.genuine());
		connections.unregisterAll();
	}

	@Test
	void readWriteRoleQueriesThroughTheAttestedChannel() throws Exception {
		try (Connection connection = connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(), (c) -> c)) {
			assertThat(queryString(connection, "SELECT current_user")).isEqualTo("teesql_readwrite");
		}
	}

	@Test
	void clientCertificateComesFromTheGuestAgentUnixSocket() throws Exception {
		try (Connection connection = connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
				(c) -> c.dstackEndpoint(cluster.guestAgentSocket().toString()))) {
			assertThat(queryString(connection, "SELECT current_user")).isEqualTo("teesql_readwrite");
		}
	}

	@Test
	void postgresNegotiationAlsoWorks() throws Exception {
		try (Connection connection = connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
				(c) -> c.sslNegotiation(SslNegotiation.POSTGRES))) {
			assertThat(queryString(connection, "SELECT current_user")).isEqualTo("teesql_readwrite");
		}
	}

	@Test
	void readRoleCannotInsertButCanRead() throws Exception {
		try (Connection writer = connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(), (c) -> c);
				Statement statement = writer.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS e2e_items (id int primary key)");
			statement.execute("INSERT INTO e2e_items VALUES (1) ON CONFLICT DO NOTHING");
		}
		try (Connection reader = connect(ClusterRoles.READ, cluster.readSecret(), (c) -> c);
				Statement statement = reader.createStatement()) {
			assertThat(queryString(reader, "SELECT count(*)::text FROM e2e_items")).isEqualTo("1");
			SQLException denied = catchThrowableOfType(SQLException.class,
					() -> statement.execute("INSERT INTO e2e_items VALUES (2)"));
			assertThat(denied.getSQLState()).isEqualTo("42501");
		}
	}

	@Test
	void readWriteSecretMayDowngradeToTheReadRole() throws Exception {
		try (Connection connection = connect(ClusterRoles.READ, cluster.readWriteSecret(), (c) -> c)) {
			assertThat(queryString(connection, "SELECT current_user")).isEqualTo("teesql_read");
		}
	}

	@Test
	void wrongSecretIsRefusedBySidecarWithPasswordAuthenticationFailed() {
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> connect(ClusterRoles.READ_WRITE, "0".repeat(64), (c) -> c));
		assertThat(failure.getSQLState()).isEqualTo("28P01");
		assertThat(failure.getMessage()).contains("password authentication failed");
	}

	@Test
	void readSecretCannotUpgradeToReadWrite() {
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> connect(ClusterRoles.READ_WRITE, cluster.readSecret(), (c) -> c));
		assertThat(failure.getSQLState()).isEqualTo("28P01");
		assertThat(failure.getMessage()).contains("password authentication failed");
	}

	@Test
	void roleUnknownToPostgresFailsWithPgAuthInjectEarlyEof() {
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> connect(EXTRA_ROLE, EXTRA_ROLE_SECRET, (c) -> c));
		assertThat(failure.getMessage()).contains("pg_auth_inject failed: early eof");
	}

	@Test
	void sidecarRefusesClientWithoutCertificate() throws Exception {
		SidecarStats before = cluster.sidecarStats();
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { new AcceptingTrustManager() }, new SecureRandom());
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(cluster.host(),
				cluster.sidecarPort())) {
			socket.setSoTimeout(5000);
			// TLS 1.3 reports the server's refusal of the missing certificate on the first read.
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
				socket.startHandshake();
				socket.getOutputStream().write(new byte[] { 0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f });
				socket.getOutputStream().flush();
				if (socket.getInputStream().read() == -1) {
					throw new IOException("closed by the sidecar");
				}
			});
		}
		SidecarStats after = awaitStats((stats) -> stats.handshakeFailures() > before.handshakeFailures());
		assertThat(after.startupMessagesSeen()).isEqualTo(before.startupMessagesSeen());
	}

	@Test
	void certificateWithoutAttestationIsRefusedUnlessSimulatorIsAllowed() throws Exception {
		cluster.reissueServerCertificate(AttestationKnobs.genuine().withRaTlsExtension(false));
		long startups = cluster.sidecarStats().startupMessagesSeen();
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(), (c) -> c));
		assertThat(Causes.find(failure, MissingAttestationExtensionException.class)).hasMessage(
				"upstream cert has no TDX attestation extension; set teesql.allow-simulator=true for non-TEE targets");
		assertThat(cluster.sidecarStats().startupMessagesSeen()).isEqualTo(startups);

		try (Connection connection = connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
				(c) -> c.allowSimulator(true))) {
			assertThat(queryString(connection, "SELECT current_user")).isEqualTo("teesql_readwrite");
		}
	}

	@Test
	void quoteBoundToAnotherKeyIsRefusedBeforeAnySqlIsSent() throws Exception {
		cluster.reissueServerCertificate(AttestationKnobs.genuine().withBindOtherKey(true));
		SidecarStats before = cluster.sidecarStats();
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(), (c) -> c));
		assertThat(Causes.find(failure, ReportDataBindingException.class)).isNotNull();
		// The sidecar finishes its side of the handshake on its own thread; wait for it to count it.
		SidecarStats after = awaitStats((stats) -> stats.handshakesCompleted() > before.handshakesCompleted());
		assertThat(after.startupMessagesSeen()).isEqualTo(before.startupMessagesSeen());
		assertThat(after.authFailures()).isEqualTo(before.authFailures());
	}

	@Test
	void debugTdIsRefusedUnlessAllowed() throws Exception {
		cluster.reissueServerCertificate(AttestationKnobs.genuine().withDebug(true));
		long startups = cluster.sidecarStats().startupMessagesSeen();
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(), (c) -> c));
		assertThat(Causes.find(failure, DebugModeException.class)).hasMessageStartingWith(
				"TDX TD is in debug mode — connection refused. Debug TDs have no confidentiality guarantees.");
		assertThat(cluster.sidecarStats().startupMessagesSeen()).isEqualTo(startups);

		try (Connection connection = connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
				(c) -> c.policy(DevIdentity.pinnedTo(cluster).allowDebugMode(true).build()))) {
			assertThat(queryString(connection, "SELECT 1::text")).isEqualTo("1");
		}
	}

	@Test
	void mrtdOutsideTheAllowlistIsRefused() throws Exception {
		byte[] otherMrtd = new byte[48];
		new SecureRandom().nextBytes(otherMrtd);
		cluster.reissueServerCertificate(AttestationKnobs.genuine().withMrTd(otherMrtd));
		String served = HexFormat.of().formatHex(otherMrtd);
		String allowed = "0x" + "ab".repeat(48);
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
						(c) -> c.policy(DevIdentity.pinnedTo(cluster).allowedMrtd(allowed).build())));
		assertThat(Causes.find(failure, MrtdNotAllowedException.class)).hasMessage("MRTD \"" + served
				+ "\" is not in the allowlist. Update teesql.attestation.allowed-mrtd if you intentionally upgraded the CVM image.");

		try (Connection connection = connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
				(c) -> c.policy(DevIdentity.pinnedTo(cluster).allowedMrtd(" 0X" + served.toUpperCase() + " ").build()))) {
			assertThat(queryString(connection, "SELECT 1::text")).isEqualTo("1");
		}
	}

	@Test
	void serverChainMustAnchorToThePinnedKmsRoot() throws Exception {
		try (Connection connection = connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
				(c) -> c.kmsRootCa(cluster.appCaCertificate()))) {
			assertThat(queryString(connection, "SELECT 1::text")).isEqualTo("1");
		}
		try (DevCluster other = DevCluster.start()) {
			SQLException failure = catchThrowableOfType(SQLException.class,
					() -> connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
							(c) -> c.kmsRootCa(other.appCaCertificate())));
			assertThat(Causes.find(failure, CertChainVerificationException.class))
				.hasMessageStartingWith("cert chain verification failed");
		}
	}

	@Test
	void appIdAndComposeHashPinsAcceptThisClusterAndRefuseAnyOtherDeployment() throws Exception {
		try (Connection connection = connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(), (c) -> c
			.policy(AttestationPolicy.builder().allowedComposeHashes(List.of(cluster.composeHash())).build()))) {
			assertThat(queryString(connection, "SELECT 1::text")).isEqualTo("1");
		}
		// What the cluster attests is a genuine TD of the dev platform: only the pin says it is not the expected one.
		String otherApp = HexFormat.of().formatHex(new SecureRandom().generateSeed(20));
		long startups = cluster.sidecarStats().startupMessagesSeen();
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(), (c) -> c
					.policy(AttestationPolicy.builder().allowedAppIds(List.of(otherApp)).build())));
		assertThat(Causes.find(failure, MeasurementNotAllowedException.class)).hasMessageStartingWith(
				"app-id \"" + cluster.appId() + "\" is not in the allowlist. Update teesql.attestation.allowed-app-id");
		String otherCompose = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
		failure = catchThrowableOfType(SQLException.class,
				() -> connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(), (c) -> c
					.policy(AttestationPolicy.builder().allowedComposeHashes(List.of(otherCompose)).build())));
		assertThat(Causes.find(failure, MeasurementNotAllowedException.class))
			.hasMessageStartingWith("compose-hash \"" + cluster.composeHash() + "\" is not in the allowlist.");
		assertThat(cluster.sidecarStats().startupMessagesSeen()).isEqualTo(startups);
	}

	@Test
	void unpinnedConnectorToTheClusterRefusesToStartUnlessTheEscapeHatchIsSet() throws Exception {
		assertThatExceptionOfType(IdentityNotPinnedException.class)
			.isThrownBy(() -> connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
					(c) -> c.policy(AttestationPolicy.DEFAULT)))
			.withMessageStartingWith("No identity pin for the TeeSQL cluster at 127.0.0.1:" + cluster.sidecarPort());
		try (Connection connection = connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
				(c) -> c.policy(AttestationPolicy.DEFAULT).requireIdentity(false))) {
			assertThat(queryString(connection, "SELECT 1::text")).isEqualTo("1");
		}
	}

	@Test
	void aPoolReusesTheVerificationOfAnUnchangedCertificate() throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse(cluster.dsn(ClusterRoles.READ_WRITE));
		RaTlsConnector connector = new RaTlsConnector(RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
			.dstackEndpoint(cluster.guestAgentEndpoint())
			.verifier(VerifierKind.NONE)
			.policy(DevIdentity.pinnedTo(cluster).build())
			.build());
		String name = connections.register(connector);
		Properties properties = new Properties();
		properties.setProperty("user", dsn.role());
		properties.setProperty("password", dsn.secret().orElseThrow());
		for (int i = 0; i < 3; i++) {
			try (Connection connection = DriverManager.getConnection(TeeSqlJdbcUrls.jdbcUrl(dsn, name), properties)) {
				assertThat(queryString(connection, "SELECT 1::text")).isEqualTo("1");
			}
		}
		assertThat(connector.verificationCache().misses()).isEqualTo(1);
		assertThat(connector.verificationCache().hits()).isEqualTo(2);
		// A new certificate (new key, new quote) is verified again, not served from the cache.
		cluster.reissueServerCertificate(AttestationKnobs.genuine().withDebug(true));
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> DriverManager.getConnection(TeeSqlJdbcUrls.jdbcUrl(dsn, name), properties));
		assertThat(Causes.find(failure, DebugModeException.class)).isNotNull();
	}

	@Test
	void dcapVerifiesTheDevPlatformsQuoteWithCollateralFromItsPcs() throws Exception {
		RaTlsConnector[] connector = new RaTlsConnector[1];
		try (Connection connection = connectVerifiedByDcap(ClusterRoles.READ_WRITE, cluster.readWriteSecret(),
				connector)) {
			assertThat(queryString(connection, "SELECT current_user")).isEqualTo("teesql_readwrite");
		}
		AttestationResult result = connector[0].lastResult().orElseThrow();
		assertThat(result.verifierName()).isEqualTo("dcap");
		assertThat(result.tcbStatus()).isEqualTo("UpToDate");
	}

	@Test
	void outOfDateTcbIsRefusedWithTheDocumentedMessage() {
		cluster.setCollateralKnobs(CollateralKnobs.genuine().withTcbStatus(TcbStatus.OUT_OF_DATE, "INTEL-SA-00837"));
		long startups = cluster.sidecarStats().startupMessagesSeen();
		SQLException failure = catchThrowableOfType(SQLException.class, () -> connectVerifiedByDcap(ClusterRoles.READ_WRITE,
				cluster.readWriteSecret(), new RaTlsConnector[1]));
		assertThat(Causes.find(failure, TcbStatusNotAcceptedException.class)).hasMessageStartingWith(
				"Unacceptable TCB status: \"OutOfDate\". Acceptable statuses: UpToDate, SWHardeningNeeded. "
						+ "Update the platform firmware/microcode or check Intel's advisory.");
		assertThat(cluster.sidecarStats().startupMessagesSeen()).isEqualTo(startups);
	}

	@Test
	void revokedPckExpiredCollateralAndWrongQeIdentityAreRefused() {
		assertDcapRefusal(CollateralKnobs.genuine().withPckRevoked(true), Reason.CERTIFICATE_REVOKED);
		assertDcapRefusal(CollateralKnobs.genuine().withExpired(true), Reason.TCB_INFO_EXPIRED);
		assertDcapRefusal(CollateralKnobs.genuine().withWrongQeIdentity(true), Reason.QE_IDENTITY_MISMATCH);
	}

	@Test
	void collateralSignedByThePlatformsPckKeyIsRefusedBeforeAnySqlIsSent() {
		cluster.setCollateralKnobs(CollateralKnobs.genuine().withSigner(CollateralSigner.PCK_LEAF));
		long startups = cluster.sidecarStats().startupMessagesSeen();
		SQLException failure = catchThrowableOfType(SQLException.class, () -> connectVerifiedByDcap(ClusterRoles.READ_WRITE,
				cluster.readWriteSecret(), new RaTlsConnector[1]));
		DcapVerificationException refusal = Causes.find(failure, DcapVerificationException.class);
		assertThat(refusal.reason()).isEqualTo(Reason.TCB_SIGNER_IS_PCK_CERTIFICATE);
		assertThat(refusal).hasMessage("TCB info issuer chain: signer 'O=TeeSQL Dev,CN=TeeSQL Dev SGX PCK Certificate' "
				+ "carries the Intel SGX PCK extension 1.2.840.113741.1.13.1: a platform's PCK key must never sign "
				+ "TCB info or QE identity");
		assertThat(cluster.sidecarStats().startupMessagesSeen()).isEqualTo(startups);
	}

	@Test
	void collateralOfAnotherSignerOrPceIsRefused() {
		assertDcapRefusal(CollateralKnobs.genuine().withSigner(CollateralSigner.ISSUED_BY_PLATFORM_CA),
				Reason.TCB_SIGNER_NOT_ISSUED_BY_ROOT);
		assertDcapRefusal(CollateralKnobs.genuine().withSigner(CollateralSigner.OTHER_CERTIFICATE_OF_THE_ROOT),
				Reason.TCB_SIGNER_SUBJECT_MISMATCH);
		assertDcapRefusal(CollateralKnobs.genuine().withWrongPceId(true), Reason.PCE_ID_MISMATCH);
	}

	private static void assertDcapRefusal(CollateralKnobs knobs, Reason reason) {
		cluster.setCollateralKnobs(knobs);
		SQLException failure = catchThrowableOfType(SQLException.class, () -> connectVerifiedByDcap(ClusterRoles.READ_WRITE,
				cluster.readWriteSecret(), new RaTlsConnector[1]));
		assertThat(Causes.find(failure, DcapVerificationException.class).reason()).as(knobs.toString())
			.isEqualTo(reason);
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void handshakeTimeoutAgainstASilentListenerReturnsWithinTheTimeout() throws Exception {
		try (SilentServer silent = SilentServer.onLoopback()) {
			RaTlsConnector connector = new RaTlsConnector(RaTlsConnectorConfig.builder("127.0.0.1", silent.port())
				.handshakeTimeout(Duration.ofMillis(700))
				.dstackEndpoint(cluster.guestAgentEndpoint())
				.verifier(VerifierKind.NONE)
				.policy(DevIdentity.pinnedTo(cluster).build())
				.build());
			// The listener holds the connection open and silent: only the handshake deadline ends the attempt
			// (@Timeout guards against a hang; the time taken is a benchmark's claim).
			assertThatExceptionOfType(HandshakeTimeoutException.class).isThrownBy(connector::connect)
				.withMessage("upstream TLS handshake timed out after 700ms");
			connector.close();
		}
	}

	private static Connection connect(String role, String secret,
			UnaryOperator<RaTlsConnectorConfig.Builder> customizer) throws Exception {
		return connect(role, secret, customizer, new RaTlsConnector[1]);
	}

	private static Connection connect(String role, String secret, UnaryOperator<RaTlsConnectorConfig.Builder> customizer,
			RaTlsConnector[] created) throws Exception {
		return connect(role, secret, customizer, null, created);
	}

	// The dev platform's DCAP verifier (its simulated root and PCS) instead of verifier none.
	private static Connection connectVerifiedByDcap(String role, String secret, RaTlsConnector[] created)
			throws Exception {
		return connect(role, secret, (c) -> c, cluster.quoteVerifier(), created);
	}

	private static Connection connect(String role, String secret, UnaryOperator<RaTlsConnectorConfig.Builder> customizer,
			QuoteVerifier quoteVerifier, RaTlsConnector[] created) throws Exception {
		return connections.connect(role, secret, customizer, quoteVerifier, created);
	}

	private static SidecarStats awaitStats(java.util.function.Predicate<SidecarStats> condition)
			throws InterruptedException {
		return Await.until("the sidecar stats to match", cluster::sidecarStats, condition);
	}

	private static final class AcceptingTrustManager implements X509TrustManager {

		@Override
		public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
		}

		@Override
		public java.security.cert.X509Certificate[] getAcceptedIssuers() {
			return new java.security.cert.X509Certificate[0];
		}

	}

}
