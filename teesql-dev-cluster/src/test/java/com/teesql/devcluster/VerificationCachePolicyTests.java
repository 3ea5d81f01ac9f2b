package com.teesql.devcluster;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.teesql.devcluster.platform.DevCertificateAuthority;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.attestation.KmsRootPin;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.RaTlsPeerVerifier;
import com.teesql.jdbc.attestation.VerificationCache;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.CertChainVerificationException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.tls.ConnectorRegistry;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.jdbc.tls.TeeSqlJdbcUrls;
import com.teesql.testsupport.Causes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The KMS root pin (and the rest of the policy) is checked only when the verification cache misses, so a verdict
 * reached under one policy must never be served to another: a certificate verified for a connector pinned to the
 * cluster's root must still be refused by a connector pinned to another root, however the cache is shared. Each
 * {@link RaTlsConnector} owns its cache; verifiers built on the public API may share one, which therefore keeps each
 * verifier's verdicts apart.
 */
class VerificationCachePolicyTests {

	private static final AtomicInteger connectorCount = new AtomicInteger();

	private static DevCluster cluster;

	/** Another KMS root with the very name of the cluster's, but its own key: a pin must not match by name. */
	private static X509Certificate impostorRoot;

	@BeforeAll
	static void startCluster() {
		cluster = DevCluster.start();
		String commonName = cluster.appCaCertificate().getSubjectX500Principal().getName();
		String id = commonName.substring(commonName.lastIndexOf(' ') + 1);
		impostorRoot = DevCertificateAuthority.create(id, new SecureRandom()).certificate();
		assertThat(impostorRoot.getSubjectX500Principal()).isEqualTo(cluster.appCaCertificate().getSubjectX500Principal());
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@AfterEach
	void unregisterConnectors() {
		for (String name : ConnectorRegistry.names()) {
			if (name.startsWith("cache-policy-")) {
				ConnectorRegistry.unregister(name);
			}
		}
	}

	@Test
	void aCertificateCachedByOneConnectorNeverSatisfiesAnotherConnectorsPin() throws Exception {
		String pinnedToCluster = register(cluster.appCaCertificate());
		String pinnedElsewhere = register(impostorRoot);
		long startups = cluster.sidecarStats().startupMessagesSeen();
		for (int i = 0; i < 2; i++) {
			try (Connection connection = connect(pinnedToCluster)) {
				assertThat(queryString(connection, "SELECT current_user")).isEqualTo("teesql_readwrite");
			}
		}
		VerificationCache clusterCache = ConnectorRegistry.get(pinnedToCluster).verificationCache();
		assertThat(clusterCache.hits()).as("the second connection was served from the cache").isEqualTo(1);
		// The same certificate, now cached, through another connector: its pin is checked and refuses, every time.
		for (int i = 0; i < 2; i++) {
			SQLException failure = catchThrowableOfType(SQLException.class, () -> connect(pinnedElsewhere));
			assertThat(Causes.find(failure, CertChainVerificationException.class))
				.hasMessageContaining("does not anchor to the pinned KMS root");
		}
		VerificationCache elsewhereCache = ConnectorRegistry.get(pinnedElsewhere).verificationCache();
		assertThat(elsewhereCache.hits()).isZero();
		assertThat(elsewhereCache.size()).isZero();
		assertThat(cluster.sidecarStats().startupMessagesSeen()).as("StartupMessages the sidecar saw")
			.isEqualTo(startups + 2);
		try (Connection connection = connect(pinnedToCluster)) {
			assertThat(queryString(connection, "SELECT 1::text")).isEqualTo("1");
		}
		assertThat(clusterCache.hits()).isEqualTo(2);
	}

	@Test
	void verifiersSharingOneCacheNeverServeEachOthersVerdicts() throws Exception {
		X509Certificate[] chain = serverChain();
		QuoteVerifier dcap = cluster.quoteVerifier();
		VerificationCache shared = new VerificationCache(Duration.ofHours(1), Clock.systemUTC());
		RaTlsPeerVerifier pinnedToCluster = new RaTlsPeerVerifier(AttestationPolicy.DEFAULT, dcap, false,
				new KmsRootPin(cluster.appCaCertificate()), shared);
		RaTlsPeerVerifier pinnedElsewhere = new RaTlsPeerVerifier(AttestationPolicy.DEFAULT, dcap, false,
				new KmsRootPin(impostorRoot), shared);
		byte[] otherMrtd = new byte[48];
		new SecureRandom().nextBytes(otherMrtd);
		RaTlsPeerVerifier otherImage = new RaTlsPeerVerifier(
				AttestationPolicy.builder().allowedMrtd(HexFormat.of().formatHex(otherMrtd)).build(), dcap, false,
				new KmsRootPin(cluster.appCaCertificate()), shared);

		AttestationResult verified = pinnedToCluster.verify(chain);
		assertThat(pinnedToCluster.verify(chain)).isSameAs(verified);
		assertThat(shared.hits()).as("the cache serves the verifier that filled it").isEqualTo(1);

		assertThatExceptionOfType(CertChainVerificationException.class).isThrownBy(() -> pinnedElsewhere.verify(chain))
			.withMessageContaining("does not anchor to the pinned KMS root");
		assertThatExceptionOfType(MrtdNotAllowedException.class).isThrownBy(() -> otherImage.verify(chain));
		assertThat(shared.hits()).as("no other verifier was served from the cache").isEqualTo(1);
	}

	/** The chain the sidecar presents, captured from a real handshake (which it then refuses: no client key). */
	private static X509Certificate[] serverChain() throws Exception {
		X509Certificate[][] captured = new X509Certificate[1][];
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { new X509TrustManager() {

			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) {
				captured[0] = chain.clone();
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}

		} }, new SecureRandom());
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(cluster.host(),
				cluster.sidecarPort())) {
			socket.setSoTimeout(5000);
			socket.startHandshake();
		}
		catch (java.io.IOException ex) {
			// Refused for the missing client certificate, after the server presented its chain.
		}
		assertThat(captured[0]).as("server chain").isNotEmpty();
		return captured[0];
	}

	private static String register(X509Certificate kmsRoot) throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse(cluster.dsn(ClusterRoles.READ_WRITE));
		String name = "cache-policy-" + connectorCount.incrementAndGet();
		ConnectorRegistry.register(name, RaTlsConnector.builder(RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
			.dstackEndpoint(cluster.guestAgentEndpoint())
			.kmsRootCa(kmsRoot)
			.build()).quoteVerifier(cluster.quoteVerifier()).build());
		return name;
	}

	private static Connection connect(String connectorName) throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse(cluster.dsn(ClusterRoles.READ_WRITE));
		Properties properties = new Properties();
		properties.setProperty("user", dsn.role());
		properties.setProperty("password", dsn.secret().orElseThrow());
		properties.setProperty("connectTimeout", "10");
		return DriverManager.getConnection(TeeSqlJdbcUrls.jdbcUrl(dsn, connectorName), properties);
	}

	private static String queryString(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

}
