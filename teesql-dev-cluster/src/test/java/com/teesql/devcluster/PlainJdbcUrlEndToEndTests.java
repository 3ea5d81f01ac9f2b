package com.teesql.devcluster;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.jdbc.errors.IdentityNotPinnedException;
import com.teesql.jdbc.errors.MeasurementNotAllowedException;
import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.tls.ConnectorRegistry;
import com.teesql.jdbc.tls.RaTlsSocketFactory;
import com.teesql.testsupport.Causes;
import com.teesql.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A plain JDBC URL is enough, as for a Flyway CLI or a JDBC tool: {@code DriverManager.getConnection} with the URL's
 * {@code teesql*} properties, user and password, nothing registered beforehand. The socket factory builds the
 * connector from the URL (DCAP against the dev platform's root with collateral from its PCS, the app-id pin), caches
 * it by those settings, and dials the dev cluster's sidecar through real RA-TLS.
 */
class PlainJdbcUrlEndToEndTests {

	private static DevCluster cluster;

	@TempDir
	static Path temp;

	private static Path platformRoot;

	@BeforeAll
	static void startCluster() throws Exception {
		cluster = DevCluster.start();
		platformRoot = temp.resolve("dev-platform-root.der");
		Files.write(platformRoot, cluster.platformRootCertificate().getEncoded());
	}

	@AfterAll
	static void stopCluster() {
		ConnectorRegistry.closeSettingsConnectors();
		if (cluster != null) {
			cluster.close();
		}
	}

	/** The URL a user writes: the sidecar, the socket factory, the identity pin and where the dev platform is. */
	private static String url(String appId) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("socketFactory", RaTlsSocketFactory.class.getName());
		parameters.put("sslmode", "disable");
		parameters.put("teesqlAllowedAppId", appId);
		parameters.put("teesqlDstackEndpoint", cluster.guestAgentEndpoint());
		// The dev platform stands in for Intel's: its root replaces the Intel SGX Root CA, its PCS serves collateral.
		parameters.put("teesqlDcapRootCa", platformRoot.toString());
		parameters.put("teesqlPccsUrl", cluster.pcsBaseUrl().toString());
		parameters.put("connectTimeout", "10");
		return "jdbc:postgresql://" + cluster.host() + ":" + cluster.sidecarPort() + "/" + cluster.database() + "?"
				+ parameters.entrySet()
					.stream()
					.map((entry) -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
					.collect(Collectors.joining("&"));
	}

	private static Properties credentials() {
		Properties properties = new Properties();
		properties.setProperty("user", ClusterRoles.READ_WRITE);
		properties.setProperty("password", cluster.readWriteSecret());
		return properties;
	}

	@Test
	void aUrlAloneConnectsThroughAttestedTlsAndSharesOneConnector() throws Exception {
		long certificatesBefore = cluster.clientCertificatesIssued();
		for (int i = 0; i < 2; i++) {
			try (Connection connection = DriverManager.getConnection(url(cluster.appId()), credentials());
					Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("SELECT current_user")) {
				assertThat(result.next()).isTrue();
				assertThat(result.getString(1)).isEqualTo(ClusterRoles.READ_WRITE);
			}
		}
		// Both connections went through one connector, built on first use and found again by its settings: one
		// client certificate from the guest agent, not one per connection.
		assertThat(cluster.clientCertificatesIssued() - certificatesBefore).isEqualTo(1);
	}

	@Test
	void aWrongAppIdIsRefusedBeforeTheSecretIsSent() {
		String otherApp = "0f".repeat(20);
		long startupsBefore = cluster.sidecarStats().startupMessagesSeen();
		long handshakesBefore = cluster.sidecarStats().handshakesCompleted();
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> DriverManager.getConnection(url(otherApp), credentials()));
		MeasurementNotAllowedException refusal = Causes.find(failure, MeasurementNotAllowedException.class);
		assertThat(refusal).hasMessageContaining("app-id").hasMessageContaining(cluster.appId());
		assertThat(refusal.target()).isEqualTo(cluster.host() + ":" + cluster.sidecarPort());
		// The TLS handshake happened (the refusal is the attestation's), but no StartupMessage followed it.
		// The client finishes its handshake before the sidecar counts the client's Finished message.
		Await.until("the sidecar counts the refused connection's handshake",
				() -> cluster.sidecarStats().handshakesCompleted() > handshakesBefore);
		assertThat(cluster.sidecarStats().startupMessagesSeen()).isEqualTo(startupsBefore);
		assertThat(String.valueOf(failure.getMessage())).doesNotContain(cluster.readWriteSecret());
	}

	@Test
	void aUrlWithoutIdentityPinIsRefusedWithoutDialling() {
		long connectionsBefore = cluster.sidecarStats().connectionsAccepted();
		String unpinned = url(cluster.appId()).replace("teesqlAllowedAppId=" + cluster.appId() + "&", "");
		assertThat(unpinned).doesNotContain("teesqlAllowedAppId");
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> DriverManager.getConnection(unpinned, credentials()));
		IdentityNotPinnedException refusal = Causes.find(failure, IdentityNotPinnedException.class);
		assertThat(refusal.target()).isEqualTo(cluster.host() + ":" + cluster.sidecarPort());
		assertThat(cluster.sidecarStats().connectionsAccepted()).isEqualTo(connectionsBefore);
	}

	@Test
	void anInvalidPropertyIsNamed() {
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> DriverManager.getConnection(url(cluster.appId()) + "&teesqlVerifier=sgx", credentials()));
		assertThat(Causes.find(failure, TeeSqlException.class))
			.hasMessageContaining("teesqlVerifier must be one of [dcap, intel-trust-authority, none]");
	}

}
