package com.teesql.devcluster.sidecar;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import javax.net.ssl.SSLSocket;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.devcluster.postgres.DevPostgres;
import com.teesql.devcluster.support.ExternalTools;
import com.teesql.testsupport.Await;
import com.teesql.testsupport.CapturedLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * End-to-end tests of the {@link Sidecar} listener: real TLS, real PostgreSQL, pgjdbc (with its own TLS) as the
 * client, plus libpq and OpenSSL when installed.
 */
class SidecarTests {

	private static final String EXTRA_ROLE = "chain_indexer_writer";

	private static final String READ_SECRET = randomHex();

	private static final String READ_WRITE_SECRET = randomHex();

	private static final String EXTRA_SECRET = randomHex();

	/** What a real sidecar would derive for the extra role; PostgreSQL has no such role here. */
	private static final String EXTRA_ROLE_BACKEND_PASSWORD = randomHex();

	@TempDir
	static Path files;

	private static CapturedLogs logs;

	private static DevPostgres postgres;

	private static TestCertificates.Issued serverIdentity;

	private static TestCertificates.Issued clientCa;

	private static TestCertificates.Issued trustedClient;

	private static TestCertificates.Issued rejectedByCheck;

	private static TestCertificates.Issued foreignClient;

	private static Sidecar simulator;

	private static Sidecar mutual;

	@BeforeAll
	static void start() {
		logs = new CapturedLogs("com.teesql.devcluster");
		postgres = DevPostgres.start();
		serverIdentity = TestCertificates.serverCertificate("sidecar-test-server");
		clientCa = TestCertificates.certificateAuthority("test client CA");
		trustedClient = TestCertificates.clientCertificate(clientCa, "trusted-client");
		rejectedByCheck = TestCertificates.clientCertificate(clientCa, "rejected-client");
		foreignClient = TestCertificates.clientCertificate(TestCertificates.certificateAuthority("foreign CA"),
				"foreign-client");
		simulator = Sidecar.start(baseConfig().requireClientCertificate(false).build());
		mutual = Sidecar.start(baseConfig().clientTrustAnchors(List.of(clientCa.certificate()))
			.clientCertificateCheck(SidecarTests::refuseRejectedClient)
			.build());
	}

	@AfterAll
	static void stop() {
		try {
			closeAll(simulator, mutual, postgres);
			String logged = logs.everything();
			for (String secret : List.of(READ_SECRET, READ_WRITE_SECRET, EXTRA_SECRET, EXTRA_ROLE_BACKEND_PASSWORD,
					postgres.passwordOf(ClusterRoles.READ).get(), postgres.passwordOf(ClusterRoles.READ_WRITE).get())) {
				assertThat(logged).doesNotContain(secret);
			}
		}
		finally {
			logs.close();
		}
	}

	private static void refuseRejectedClient(X509Certificate[] chain) throws CertificateException {
		if (chain[0].getSubjectX500Principal().getName().contains("rejected-client")) {
			throw new CertificateException("attestation check refused " + chain[0].getSubjectX500Principal());
		}
	}

	static SidecarConfig.Builder baseConfig() {
		Function<String, Optional<String>> passwords = (role) -> EXTRA_ROLE.equals(role)
				? Optional.of(EXTRA_ROLE_BACKEND_PASSWORD) : postgres.passwordOf(role);
		return SidecarConfig.builder()
			.backend(postgres)
			.backendPassword(passwords)
			.readSecret(READ_SECRET)
			.readWriteSecret(READ_WRITE_SECRET)
			.extraRoleSecret(EXTRA_ROLE, EXTRA_SECRET)
			.serverCertificate(serverIdentity.keyPair().getPrivate(), serverIdentity.chain());
	}

	@Test
	void readWriteSecretLogsInAsReadWriteAfterSslRequest() throws SQLException {
		SidecarStats before = simulator.stats();
		try (Connection connection = connect(simulator, ClusterRoles.READ_WRITE, READ_WRITE_SECRET, "")) {
			assertThat(queryString(connection, "SELECT current_user")).isEqualTo(ClusterRoles.READ_WRITE);
			assertThat(queryString(connection, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
				.as("the sidecar speaks plain TCP to PostgreSQL, like in the CVM")
				.isEqualTo("false");
		}
		SidecarStats after = simulator.stats();
		assertThat(after.handshakesCompleted()).isGreaterThan(before.handshakesCompleted());
		assertThat(after.startupMessagesSeen()).isGreaterThan(before.startupMessagesSeen());
		assertThat(after.sessionsSpliced()).isGreaterThan(before.sessionsSpliced());
	}

	@Test
	void directTlsNegotiationWorks() throws SQLException {
		try (Connection connection = connect(simulator, ClusterRoles.READ_WRITE, READ_WRITE_SECRET,
				"&sslNegotiation=direct")) {
			assertThat(queryString(connection, "SELECT current_user")).isEqualTo(ClusterRoles.READ_WRITE);
		}
	}

	@Test
	void readRoleSelectsWhatReadWriteCreatedButCannotInsert() throws SQLException {
		try (Connection writer = connect(simulator, ClusterRoles.READ_WRITE, READ_WRITE_SECRET, "")) {
			execute(writer, "CREATE TABLE sidecar_privileges (id int PRIMARY KEY, note text)");
			execute(writer, "INSERT INTO sidecar_privileges VALUES (1, 'through the sidecar')");
		}
		try (Connection reader = connect(simulator, ClusterRoles.READ, READ_SECRET, "")) {
			assertThat(queryString(reader, "SELECT current_user")).isEqualTo(ClusterRoles.READ);
			assertThat(queryString(reader, "SELECT note FROM sidecar_privileges WHERE id = 1"))
				.isEqualTo("through the sidecar");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> execute(reader, "INSERT INTO sidecar_privileges VALUES (2, 'no')"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("42501"));
		}
	}

	@Test
	void readWriteSecretAlsoAuthenticatesTheReadRole() throws SQLException {
		try (Connection connection = connect(simulator, ClusterRoles.READ, READ_WRITE_SECRET.toUpperCase(), "")) {
			assertThat(queryString(connection, "SELECT current_user")).isEqualTo(ClusterRoles.READ);
		}
	}

	@Test
	void readSecretIsRefusedForTheReadWriteRole() {
		long failures = simulator.stats().authFailures();
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> connect(simulator, ClusterRoles.READ_WRITE, READ_SECRET, "").close())
			.satisfies((ex) -> {
				assertThat(ex.getSQLState()).isEqualTo("28P01");
				assertThat(ex.getMessage()).contains("password authentication failed");
			});
		assertThat(simulator.stats().authFailures()).isEqualTo(failures + 1);
	}

	@Test
	void unknownRoleAndWrongSecretAreRefused() {
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> connect(simulator, "postgres", READ_WRITE_SECRET, "").close())
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> connect(simulator, ClusterRoles.READ, randomHex(), "").close())
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> connect(simulator, EXTRA_ROLE, READ_WRITE_SECRET, "").close())
			.as("an extra role accepts only its own secret")
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
	}

	@Test
	void extraRoleThatPostgresDoesNotKnowFailsWithEarlyEof() {
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> connect(simulator, EXTRA_ROLE, EXTRA_SECRET, "").close())
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("pg_auth_inject failed: early eof");
				assertThat(ex.getSQLState()).isEqualTo("28000");
			});
		await(() -> !logs.withMessage("pg_auth_inject failed: early eof").isEmpty());
		ILoggingEvent event = logs.withMessage("pg_auth_inject failed: early eof").get(0);
		assertThat(event.getLevel()).isEqualTo(Level.WARN);
		assertThat(CapturedLogs.keyValue(event, "role")).isEqualTo(EXTRA_ROLE);
		// PostgreSQL runs a mock SCRAM exchange for roles it does not have, so it reports a password failure.
		assertThat(CapturedLogs.keyValue(event, "backend_error"))
			.isEqualTo("28P01: password authentication failed for user \"" + EXTRA_ROLE + "\"");
	}

	@Test
	void gssEncRequestIsDeclinedAndSslRequestThenWorks() throws Exception {
		try (Socket plain = RawPgClient.connect(simulator.port())) {
			RawPgClient.sendRequest(plain, RawPgClient.GSSENC_REQUEST);
			assertThat(plain.getInputStream().read()).isEqualTo('N');
			RawPgClient.sendRequest(plain, RawPgClient.SSL_REQUEST);
			assertThat(plain.getInputStream().read()).isEqualTo('S');
			try (SSLSocket tls = RawPgClient.startTls(plain, null)) {
				assertThat(RawPgClient.currentUser(tls, ClusterRoles.READ_WRITE, READ_WRITE_SECRET))
					.isEqualTo(ClusterRoles.READ_WRITE);
			}
		}
	}

	@Test
	void plaintextStartupMessageIsRefusedWithoutReadingIt() throws IOException {
		long startups = simulator.stats().startupMessagesSeen();
		try (Socket plain = RawPgClient.connect(simulator.port())) {
			byte[] startup = "\0\0\0\u0021\0\u0003\0\0user\0teesql_readwrite\0\0".getBytes(StandardCharsets.ISO_8859_1);
			RawPgClient.putInt(startup, 0, startup.length);
			plain.getOutputStream().write(startup);
			assertThat(plain.getInputStream().read()).isEqualTo(-1);
		}
		assertThat(simulator.stats().startupMessagesSeen()).isEqualTo(startups);
	}

	@Test
	void statementCancelThroughTheSidecarCancelsTheQuery() throws Exception {
		try (Connection connection = connect(simulator, ClusterRoles.READ, READ_SECRET, "");
				Statement statement = connection.createStatement();
				Connection observer = connect(simulator, ClusterRoles.READ, READ_SECRET, "")) {
			// Cancels once PostgreSQL runs the query (the same role sees its other session's query text).
			CompletableFuture<Void> cancel = CompletableFuture.runAsync(() -> {
				try {
					Await.until("the query runs", () -> queryString(observer, "SELECT count(*)::text FROM pg_stat_activity"
							+ " WHERE state = 'active' AND query = 'SELECT pg_sleep(30)'"), "1"::equals);
					statement.cancel();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			// 57014 (query_canceled) comes only from the cancel request: no statement timeout is set.
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeQuery("SELECT pg_sleep(30)"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("57014"));
			cancel.get(30, TimeUnit.SECONDS);
			assertThat(queryString(connection, "SELECT 'usable after cancel'")).isEqualTo("usable after cancel");
		}
	}

	@Test
	void requiredModeRefusesClientWithoutCertificateBeforeAnyStartupMessage() {
		SidecarStats before = mutual.stats();
		int warnings = logs.withMessage("TLS handshake failed").size();
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> connect(mutual, ClusterRoles.READ_WRITE, READ_WRITE_SECRET, "").close());
		await(() -> mutual.stats().handshakeFailures() > before.handshakeFailures());
		assertThat(mutual.stats().startupMessagesSeen()).isEqualTo(before.startupMessagesSeen());
		assertThat(mutual.stats().sessionsSpliced()).isEqualTo(before.sessionsSpliced());
		await(() -> logs.withMessage("TLS handshake failed").size() > warnings);
		ILoggingEvent event = logs.withMessage("TLS handshake failed").get(warnings);
		assertThat(event.getLevel()).isEqualTo(Level.WARN);
		assertThat(CapturedLogs.keyValue(event, "peer")).startsWith("127.0.0.1:");
		assertThat(CapturedLogs.keyValue(event, "error")).isNotBlank();
	}

	@Test
	void requiredModeAcceptsCertificateFromTrustedAnchor() throws Exception {
		Path cert = files.resolve("trusted-client.crt");
		Path key = files.resolve("trusted-client.pk8");
		TestCertificates.writeCertificatePem(cert, trustedClient.certificate());
		TestCertificates.writePkcs8Der(key, trustedClient.keyPair());
		// pgjdbc's own LibPQFactory: sends sslcert/sslkey, and with sslmode=require does not validate the server.
		String url = "jdbc:postgresql://127.0.0.1:" + mutual.port() + "/postgres?sslmode=require&sslcert=" + cert
				+ "&sslkey=" + key + "&connectTimeout=5&loginTimeout=15&socketTimeout=60";
		try (Connection connection = DriverManager.getConnection(url,
				credentials(ClusterRoles.READ_WRITE, READ_WRITE_SECRET))) {
			assertThat(queryString(connection, "SELECT current_user")).isEqualTo(ClusterRoles.READ_WRITE);
		}
	}

	@Test
	void requiredModeRefusesCertificateFromAnotherCa() {
		assertRefusedInHandshake(foreignClient);
	}

	@Test
	void clientCertificateCheckRunsAfterPkixAndCanRefuse() throws Exception {
		assertRefusedInHandshake(rejectedByCheck);
		// The same CA with an acceptable subject passes both checks.
		try (Socket plain = RawPgClient.connect(mutual.port());
				SSLSocket tls = RawPgClient.startTls(plain, RawPgClient.alwaysPresenting(trustedClient))) {
			assertThat(RawPgClient.currentUser(tls, ClusterRoles.READ, READ_SECRET)).isEqualTo(ClusterRoles.READ);
		}
	}

	private void assertRefusedInHandshake(TestCertificates.Issued client) {
		SidecarStats before = mutual.stats();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
			try (Socket plain = RawPgClient.connect(mutual.port());
					SSLSocket tls = RawPgClient.startTls(plain, RawPgClient.alwaysPresenting(client))) {
				// TLS 1.3 clients finish first; the server's refusal arrives as an alert on the next read.
				RawPgClient.currentUser(tls, ClusterRoles.READ, READ_SECRET);
			}
		});
		await(() -> mutual.stats().handshakeFailures() > before.handshakeFailures());
		assertThat(mutual.stats().startupMessagesSeen()).isEqualTo(before.startupMessagesSeen());
	}

	@Test
	void replacedServerCertificateIsPresentedToNewConnections() throws Exception {
		try (Sidecar sidecar = Sidecar.start(baseConfig().requireClientCertificate(false).build())) {
			assertThat(serverCertificateOf(sidecar)).isEqualTo(serverIdentity.certificate());
			TestCertificates.Issued rotated = TestCertificates.serverCertificate("rotated-server");
			sidecar.replaceServerCertificate(rotated.keyPair().getPrivate(), rotated.chain());
			assertThat(serverCertificateOf(sidecar)).isEqualTo(rotated.certificate());
		}
	}

	private static X509Certificate serverCertificateOf(Sidecar sidecar) throws Exception {
		try (Socket plain = RawPgClient.connect(sidecar.port()); SSLSocket tls = RawPgClient.startTls(plain, null)) {
			X509Certificate certificate = (X509Certificate) tls.getSession().getPeerCertificates()[0];
			assertThat(RawPgClient.currentUser(tls, ClusterRoles.READ, READ_SECRET)).isEqualTo(ClusterRoles.READ);
			return certificate;
		}
	}

	@Test
	void closeEndsLiveSessionsAndLeavesNoThread() throws Exception {
		Sidecar sidecar = Sidecar.start(baseConfig().requireClientCertificate(false).build());
		int port = sidecar.port();
		try (Connection connection = connect(sidecar, ClusterRoles.READ, READ_SECRET, "")) {
			assertThat(queryString(connection, "SELECT 1::text")).isEqualTo("1");
			assertThat(sidecar.liveSessions()).isEqualTo(1);
			sidecar.close();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> queryString(connection, "SELECT 2::text"));
		}
		// close() waits for its executors to terminate; the threads themselves finish dying just after that.
		await(() -> Thread.getAllStackTraces()
			.keySet()
			.stream()
			.noneMatch((thread) -> thread.getName().startsWith("teesql-sidecar-" + port + "-")));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> RawPgClient.connect(port).close());
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void silentClientIsDisconnectedAfterTheHandshakeTimeout() throws Exception {
		try (Sidecar sidecar = Sidecar.start(baseConfig().requireClientCertificate(false)
			.handshakeTimeout(Duration.ofMillis(300))
			.build())) {
			try (Socket plain = RawPgClient.connect(sidecar.port())) {
				assertThat(readOrClosed(plain.getInputStream())).isEqualTo(-1);
			}
			try (Socket plain = RawPgClient.connect(sidecar.port())) {
				// Half a ClientHello, then silence: a handshake that never completes.
				plain.getOutputStream().write(new byte[] { 0x16, 0x03, 0x01 });
				assertThat(readOrClosed(plain.getInputStream())).isEqualTo(-1);
			}
			await(() -> sidecar.stats().handshakeFailures() == 1);
		}
	}

	@Test
	void idleSplicedSessionIsClosed() throws Exception {
		try (Sidecar sidecar = Sidecar.start(baseConfig().requireClientCertificate(false)
			.idleTimeout(Duration.ofMillis(400))
			.build()); Connection connection = connect(sidecar, ClusterRoles.READ, READ_SECRET, "")) {
			// Traffic resets the clock: queries spread over more than the limit keep the session. The sleeps create
			// that spread (the idle timeout is the socket's, with no clock to advance instead).
			for (int i = 0; i < 8; i++) {
				assertThat(queryString(connection, "SELECT 'busy'")).isEqualTo("busy");
				Thread.sleep(100);
			}
			assertThat(sidecar.liveSessions()).isEqualTo(1);
			await(() -> sidecar.liveSessions() == 0);
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> queryString(connection, "SELECT 1::text"));
		}
	}

	@Test
	void connectionsBeyondMaxSessionsAreClosed() throws Exception {
		try (Sidecar sidecar = Sidecar.start(baseConfig().requireClientCertificate(false).maxSessions(1).build());
				Socket first = RawPgClient.connect(sidecar.port())) {
			await(() -> sidecar.liveSessions() == 1);
			try (Socket second = RawPgClient.connect(sidecar.port())) {
				assertThat(readOrClosed(second.getInputStream())).isEqualTo(-1);
			}
			assertThat(sidecar.stats().connectionsAccepted()).isEqualTo(2);
		}
	}

	@Test
	void psqlConnectsThroughTheSidecar() throws Exception {
		Assumptions.assumeTrue(ExternalTools.onPath("psql"), "psql is not installed");
		ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-A", "-t", "-c", "select current_user",
				"host=127.0.0.1 port=" + simulator.port() + " user=teesql_readwrite dbname=postgres sslmode=require");
		builder.environment().put("PGPASSWORD", READ_WRITE_SECRET);
		builder.environment().put("PGCONNECT_TIMEOUT", "10");
		String output = ExternalTools.run(builder);
		assertThat(output.strip()).isEqualTo(ClusterRoles.READ_WRITE);
	}

	@Test
	void opensslStartTlsPostgresCompletesTheHandshake() throws Exception {
		Assumptions.assumeTrue(ExternalTools.onPath("openssl"), "openssl is not installed");
		ProcessBuilder builder = new ProcessBuilder("openssl", "s_client", "-starttls", "postgres", "-connect",
				"127.0.0.1:" + simulator.port());
		String output = ExternalTools.run(builder);
		assertThat(output).contains("-----BEGIN CERTIFICATE-----").contains("sidecar-test-server");
		String pem = output.substring(output.indexOf("-----BEGIN CERTIFICATE-----"),
				output.indexOf("-----END CERTIFICATE-----") + 25);
		Path file = files.resolve("openssl-server.pem");
		Files.writeString(file, pem);
		try (InputStream in = Files.newInputStream(file)) {
			assertThat(java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in))
				.isEqualTo(serverIdentity.certificate());
		}
	}

	private static int readOrClosed(InputStream in) {
		try {
			return in.read();
		}
		catch (IOException ex) {
			// A reset also means the server closed the connection.
			return -1;
		}
	}

	static Connection connect(Sidecar sidecar, String user, String password, String extra) throws SQLException {
		String url = "jdbc:postgresql://127.0.0.1:" + sidecar.port()
				+ "/postgres?sslmode=require&sslfactory=org.postgresql.ssl.NonValidatingFactory"
				+ "&connectTimeout=5&loginTimeout=15&socketTimeout=60" + extra;
		return DriverManager.getConnection(url, credentials(user, password));
	}

	private static Properties credentials(String user, String password) {
		Properties properties = new Properties();
		properties.setProperty("user", user);
		properties.setProperty("password", password);
		return properties;
	}

	static String queryString(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			assertThat(rows.next()).isTrue();
			return rows.getString(1);
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	static void await(BooleanSupplier condition) {
		Await.until("the condition", condition);
	}

	static String randomHex() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	private static void closeAll(AutoCloseable... closeables) {
		for (AutoCloseable closeable : closeables) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
	}

}
