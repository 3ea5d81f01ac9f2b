package com.teesql.jdbc.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.ReportDataBindingException;
import com.teesql.jdbc.support.GuestAgentFixture;
import com.teesql.jdbc.support.TestKeys;
import com.teesql.jdbc.support.TlsTestServer;
import com.teesql.jdbc.support.TlsTestServer.ConnectionRecord;
import com.teesql.jdbc.support.TlsTestServer.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * pgjdbc drives the socket factory exactly as in production; the server side is a TLS listener that speaks just
 * enough of the Postgres protocol to ask for a password and refuse it.
 */
class PgjdbcIntegrationTests {

	private static final String SECRET = "5e".repeat(32);

	private static final String CONNECTOR = "pgjdbc-integration";

	@TempDir
	Path temp;

	private GuestAgentFixture guestAgent;

	private TlsTestServer server;

	@BeforeEach
	void start() throws Exception {
		this.guestAgent = GuestAgentFixture.start(this.temp);
	}

	@AfterEach
	void stop() throws Exception {
		ConnectorRegistry.unregister(CONNECTOR);
		if (this.server != null) {
			this.server.close();
		}
		this.guestAgent.close();
	}

	private String register(X509Certificate serverCertificate, TlsTestServer.SessionHandler handler) throws Exception {
		this.server = TlsTestServer.start(TestKeys.derivedVectorKey(), serverCertificate, Mode.DIRECT, handler);
		TeeSqlDsn dsn = TeeSqlDsn.parse("postgresql://teesql_read:" + SECRET + "@127.0.0.1:" + this.server.port()
				+ "/appdb?application_name=it");
		RaTlsConnectorConfig config = RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
			.dstackEndpoint(this.guestAgent.endpoint())
			.verifier(VerifierKind.NONE)
			.kmsRootCa(this.server.certificate())
			.build();
		ConnectorRegistry.register(CONNECTOR, new RaTlsConnector(config));
		return TeeSqlJdbcUrls.jdbcUrl(dsn, CONNECTOR);
	}

	private static Properties credentials() {
		Properties properties = new Properties();
		properties.setProperty("user", "teesql_read");
		properties.setProperty("password", SECRET);
		properties.setProperty("connectTimeout", "5");
		return properties;
	}

	@Test
	void refusalSurfacesAsTypedCauseOfPsqlException() throws Exception {
		String url = register(RaTlsConnectorTests.SIMULATOR, TlsTestServer::countBytesUntilEof);
		assertThatExceptionOfType(PSQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(url, credentials()))
			.withRootCauseInstanceOf(ReportDataBindingException.class)
			.havingRootCause()
			.withMessageContaining("does not bind");
		ConnectionRecord record = this.server.awaitConnection(0);
		RaTlsConnectorTests.assertNothingSentAfterHandshake(record);
	}

	@Test
	void startupAndSecretTravelOnlyOverTheAttestedChannel() throws Exception {
		String url = register(RaTlsConnectorTests.BOUND, PgjdbcIntegrationTests::askForPasswordThenRefuse);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> DriverManager.getConnection(url, credentials()))
			.satisfies((ex) -> {
				assertThat(ex.getSQLState()).isEqualTo("28P01");
				assertThat(ex.getMessage()).contains("password authentication failed");
			});
		ConnectionRecord record = this.server.awaitConnection(0);
		String startup = new String(record.firstMessage, StandardCharsets.UTF_8);
		assertThat(startup).contains("user\0teesql_read\0").contains("database\0appdb\0")
			.contains("password=" + SECRET);
		assertThat(ConnectorRegistry.get(CONNECTOR).verificationCount()).isEqualTo(1);
	}

	// Reads the StartupMessage, requests a cleartext password, records both and answers with ErrorResponse 28P01.
	private static void askForPasswordThenRefuse(javax.net.ssl.SSLSocket socket, ConnectionRecord record)
			throws IOException {
		DataInputStream in = new DataInputStream(socket.getInputStream());
		DataOutputStream out = new DataOutputStream(socket.getOutputStream());
		int length = in.readInt();
		byte[] startup = new byte[length - 4];
		in.readFully(startup);
		record.applicationBytes.addAndGet(length);
		out.writeByte('R');
		out.writeInt(8);
		out.writeInt(3);
		out.flush();
		int type = in.readByte();
		int passwordLength = in.readInt();
		byte[] password = new byte[passwordLength - 4];
		in.readFully(password);
		String passwordText = new String(password, 0, password.length - 1, StandardCharsets.UTF_8);
		record.firstMessage = (new String(startup, StandardCharsets.UTF_8) + " " + (char) type + " password="
				+ passwordText).getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream fields = new ByteArrayOutputStream();
		for (String field : new String[] { "SFATAL", "VFATAL", "C28P01",
				"Mpassword authentication failed for user \"teesql_read\"" }) {
			fields.writeBytes(field.getBytes(StandardCharsets.UTF_8));
			fields.write(0);
		}
		fields.write(0);
		out.writeByte('E');
		out.writeInt(4 + fields.size());
		out.write(fields.toByteArray());
		out.flush();
	}

}
