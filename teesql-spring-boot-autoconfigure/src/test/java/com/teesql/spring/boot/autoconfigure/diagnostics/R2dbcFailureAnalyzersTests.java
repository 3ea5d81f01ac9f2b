package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.jdbc.errors.DebugModeException;
import com.teesql.jdbc.errors.HandshakeTimeoutException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.errors.TlsNegotiationException;
import com.teesql.spring.boot.autoconfigure.r2dbc.R2dbcConnectionBypassException;
import com.teesql.testsupport.Causes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure reports of documented errors when they occur on the R2DBC path: a real reactive application
 * ({@link ConnectingR2dbcApplication}) against the dev cluster, misconfigured or with the cluster mutated, prints the
 * same guidance as the JDBC path, because the R2DBC exceptions carry the same typed {@code TeeSqlException}.
 */
@ExtendWith(OutputCaptureExtension.class)
class R2dbcFailureAnalyzersTests {

	private static final byte[] FOREIGN_MRTD = HexFormat.of().parseHex("91a0563f0c" + "5a".repeat(41) + "c3d2");

	@TempDir
	static Path directory;

	private static DevCluster cluster;

	private static Path platformRoot;

	@BeforeAll
	static void startCluster() throws Exception {
		cluster = DevCluster.start();
		platformRoot = writePem(directory.resolve("platform-root.pem"), cluster.platformRootCertificate());
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@AfterEach
	void restoreGenuineCluster() {
		cluster.reissueServerCertificate(AttestationKnobs.genuine());
	}

	@Test
	void debugTd(CapturedOutput output) {
		cluster.reissueServerCertificate(AttestationKnobs.genuine().withDebug(true));
		long startups = cluster.sidecarStats().startupMessagesSeen();
		FailedStartup startup = FailedStartup.run(output, ConnectingR2dbcApplication.class, properties(sidecarDsn()));
		Causes.find(startup.failure(), DebugModeException.class);
		assertThat(startup.description()).startsWith("TDX TD is in debug mode — connection refused. The database CVM "
				+ "behind the server at " + sidecar() + " runs with the TDX debug attribute set");
		assertThat(startup.action()).contains("redeploy the cluster with debug mode off");
		assertThat(cluster.sidecarStats().startupMessagesSeen()).isEqualTo(startups);
		assertNoSecretPrinted(startup);
	}

	@Test
	void mrtdNotInTheAllowlistNamesTheRefusedValue(CapturedOutput output) {
		cluster.reissueServerCertificate(AttestationKnobs.genuine().withMrTd(FOREIGN_MRTD));
		Map<String, Object> properties = properties(sidecarDsn());
		properties.put("teesql.attestation.allowed-mrtd", "ab".repeat(48));
		FailedStartup startup = FailedStartup.run(output, ConnectingR2dbcApplication.class, properties);
		String foreign = HexFormat.of().formatHex(FOREIGN_MRTD);
		assertThat(Causes.find(startup.failure(), MrtdNotAllowedException.class).mrtd()).isEqualTo(foreign);
		assertThat(startup.description()).startsWith("MRTD \"" + foreign + "\" is not in the allowlist");
		assertThat(startup.action()).contains("only if it is exactly " + foreign);
		assertNoSecretPrinted(startup);
	}

	@Test
	void silentServerTimesOutTheHandshake(CapturedOutput output) throws IOException {
		try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			String dsn = "postgresql://teesql_readwrite:" + cluster.readWriteSecret() + "@127.0.0.1:"
					+ silent.getLocalPort() + "/" + cluster.database();
			Map<String, Object> properties = properties(dsn);
			properties.put("teesql.handshake-timeout", "400ms");
			FailedStartup startup = FailedStartup.run(output, ConnectingR2dbcApplication.class, properties);
			assertThat(Causes.find(startup.failure(), HandshakeTimeoutException.class).timeoutMillis())
				.isEqualTo(400);
			assertThat(startup.description()).isEqualTo("Upstream TLS handshake timed out after 400ms: the RA-TLS "
					+ "handshake with the server at 127.0.0.1:" + silent.getLocalPort()
					+ " did not complete within teesql.handshake-timeout.");
			assertNoSecretPrinted(startup);
		}
	}

	@Test
	void sslRequestAnsweredWithN(CapturedOutput output) throws Exception {
		try (SslRefusingListener listener = SslRefusingListener.start()) {
			String dsn = "postgresql://teesql_readwrite:" + cluster.readWriteSecret() + "@127.0.0.1:"
					+ listener.port() + "/" + cluster.database();
			Map<String, Object> properties = properties(dsn);
			properties.put("teesql.ssl-negotiation", "postgres");
			FailedStartup startup = FailedStartup.run(output, ConnectingR2dbcApplication.class, properties);
			assertThat(Causes.find(startup.failure(), TlsNegotiationException.class))
				.hasMessageContaining("replied 'N'");
			assertThat(startup.description()).startsWith("TLS handshake failed: TLS could not be negotiated with the "
					+ "server at 127.0.0.1:" + listener.port() + " (teesql.ssl-negotiation=postgres): server refused "
					+ "TLS during SSLRequest handshake (replied 'N')");
			assertNoSecretPrinted(startup);
		}
	}

	@Test
	void anR2dbcConnectionOfItsOwnIsRefused(CapturedOutput output) {
		Map<String, Object> properties = properties(sidecarDsn());
		properties.put("spring.r2dbc.url", "r2dbc:postgresql://127.0.0.1:5432/postgres");
		properties.put("spring.r2dbc.username", "postgres");
		long accepted = cluster.sidecarStats().connectionsAccepted();
		FailedStartup startup = FailedStartup.run(output, ConnectingR2dbcApplication.class, properties);
		assertThat(Causes.find(startup.failure(), R2dbcConnectionBypassException.class).getProperties())
			.containsExactly("spring.r2dbc.url", "spring.r2dbc.username");
		assertThat(startup.description()).startsWith("R2DBC is configured with a connection of its own "
				+ "(spring.r2dbc.url, spring.r2dbc.username set)")
			.contains("bypasses RA-TLS");
		assertThat(startup.action()).startsWith("Remove spring.r2dbc.url, spring.r2dbc.username")
			.contains("spring.r2dbc.pool.*");
		assertThat(cluster.sidecarStats().connectionsAccepted()).isEqualTo(accepted);
		assertNoSecretPrinted(startup);
	}

	private static Map<String, Object> properties(String dsn) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("teesql.url", dsn);
		properties.put("teesql.dstack.endpoint", cluster.guestAgentEndpoint());
		properties.put("teesql.attestation.dcap.root-ca", platformRoot.toUri().toString());
		properties.put("teesql.attestation.dcap.pccs-url", cluster.pcsBaseUrl().toString());
		properties.put("teesql.attestation.allowed-app-id", cluster.appId());
		return properties;
	}

	private static String sidecarDsn() {
		return cluster.dsn("teesql_readwrite");
	}

	private static String sidecar() {
		return cluster.host() + ":" + cluster.sidecarPort();
	}

	private static void assertNoSecretPrinted(FailedStartup startup) {
		assertThat(startup.output()).doesNotContain(cluster.readSecret()).doesNotContain(cluster.readWriteSecret());
	}

	private static Path writePem(Path file, X509Certificate certificate)
			throws IOException, CertificateEncodingException {
		String pem = "-----BEGIN CERTIFICATE-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(certificate.getEncoded())
				+ "\n-----END CERTIFICATE-----\n";
		return Files.writeString(file, pem, StandardCharsets.US_ASCII);
	}

}
