package com.teesql.devcluster;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import com.teesql.devcluster.support.DevIdentity;
import com.teesql.devcluster.platform.IssuedKey;
import com.teesql.devcluster.platform.TlsKeyRequest;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.tls.ConnectorRegistry;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.jdbc.tls.TeeSqlJdbcUrls;
import com.teesql.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client certificate's lifetime through the real path: the dev sidecar refuses an expired client certificate,
 * and a connector whose first certificate expired keeps connecting with a renewed one.
 */
class ClientCertificateRenewalEndToEndTests {

	private static DevCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = DevCluster.start();
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@Test
	void theSidecarRefusesAnExpiredClientCertificate() throws Exception {
		long now = Instant.now().getEpochSecond();
		IssuedKey valid = cluster.issueCertificate(TlsKeyRequest.raTlsClient("teesql-jdbc"));
		IssuedKey expired = cluster.issueCertificate(
				new TlsKeyRequest("teesql-jdbc", List.of(), true, false, true, now - 7200, now - 3600, false));

		assertThat(startupReply(valid)).as("a valid certificate gets a protocol answer").isEqualTo("answered");
		long failuresBefore = cluster.sidecarStats().handshakeFailures();
		assertThat(startupReply(expired)).as("an expired certificate").isEqualTo("refused");
		awaitTrue(() -> cluster.sidecarStats().handshakeFailures() > failuresBefore);
	}

	@Test
	void aConnectionAfterTheFirstCertificateExpiredSucceedsWithARenewedOne() throws Exception {
		cluster.setClientCertificateLifetime(Duration.ofSeconds(4));
		TeeSqlDsn dsn = TeeSqlDsn.parse(cluster.dsn(ClusterRoles.READ_WRITE));
		RaTlsConnector connector = RaTlsConnector.builder(RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
			.dstackEndpoint(cluster.guestAgentEndpoint())
			.policy(DevIdentity.pinnedTo(cluster).build())
			.build()).quoteVerifier(cluster.quoteVerifier()).build();
		String name = "renewal-e2e";
		ConnectorRegistry.register(name, connector);
		try {
			long issuedBefore = cluster.clientCertificatesIssued();
			assertThat(query(dsn, name)).isEqualTo("teesql_readwrite");
			X509Certificate first = connector.clientCertificate().orElseThrow();
			assertThat(Duration.between(first.getNotBefore().toInstant(), first.getNotAfter().toInstant()))
				.isEqualTo(Duration.ofSeconds(4));

			// Wait (bounded) until the first certificate is expired by the clock the sidecar checks it with.
			awaitTrue(() -> Instant.now().isAfter(first.getNotAfter().toInstant()));
			assertThat(query(dsn, name)).isEqualTo("teesql_readwrite");

			X509Certificate current = connector.clientCertificate().orElseThrow();
			assertThat(current.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
			assertThat(current.getNotAfter()).isAfter(first.getNotAfter());
			assertThat(cluster.clientCertificatesIssued()).isGreaterThanOrEqualTo(issuedBefore + 2);
		}
		finally {
			ConnectorRegistry.unregister(name);
			cluster.setClientCertificateLifetime(null);
		}
	}

	private static String query(TeeSqlDsn dsn, String connectorName) throws Exception {
		Properties properties = new Properties();
		properties.setProperty("user", dsn.role());
		properties.setProperty("password", dsn.secret().orElseThrow());
		try (Connection connection = DriverManager.getConnection(TeeSqlJdbcUrls.jdbcUrl(dsn, connectorName),
				properties); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_user")) {
			result.next();
			return result.getString(1);
		}
	}

	/**
	 * Direct TLS to the sidecar with the given client certificate, then a StartupMessage. With TLS 1.3 a client
	 * certificate refusal may arrive only after the client finished its handshake, so it is read as the answer.
	 */
	private static String startupReply(IssuedKey client) throws Exception {
		KeyStore keys = KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		char[] password = "test".toCharArray();
		keys.setKeyEntry("client", client.privateKey(), password, client.chain().toArray(new X509Certificate[0]));
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keys, password);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), new TrustManager[] { new TrustAnyServer() }, new SecureRandom());
		try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), cluster.sidecarPort());
				SSLSocket tls = (SSLSocket) context.getSocketFactory()
					.createSocket(plain, "127.0.0.1", cluster.sidecarPort(), true)) {
			tls.setSoTimeout(10_000);
			tls.startHandshake();
			OutputStream out = tls.getOutputStream();
			out.write(startupMessage(ClusterRoles.READ_WRITE, cluster.database()));
			out.flush();
			InputStream in = tls.getInputStream();
			return (in.read() >= 0) ? "answered" : "refused";
		}
		catch (IOException ex) {
			return "refused";
		}
	}

	private static byte[] startupMessage(String user, String database) throws IOException {
		byte[] parameters = ("user\0" + user + "\0database\0" + database + "\0\0").getBytes(StandardCharsets.UTF_8);
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeInt(8 + parameters.length);
		out.writeInt(196608);
		out.write(parameters);
		return bytes.toByteArray();
	}

	private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
		Await.until("the condition", condition);
	}

	// The server's attestation is not what this test is about; the client certificate is.
	private static final class TrustAnyServer implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
			throw new UnsupportedOperationException("client side only");
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
