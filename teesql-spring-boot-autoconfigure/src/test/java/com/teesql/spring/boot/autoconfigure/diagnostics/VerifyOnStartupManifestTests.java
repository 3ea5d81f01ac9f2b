package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.sidecar.SidecarStats;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.routing.LeaderPools;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.testsupport.Causes;
import com.teesql.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code teesql.verify-on-startup} in manifest mode: the leader named by the signed DNS manifest of a real dev
 * cluster group is attested while the application starts, through the connector of its read-write pool.
 */
@ExtendWith(OutputCaptureExtension.class)
class VerifyOnStartupManifestTests {

	private static final String DOMAIN = "verify-on-startup.teesql.test";

	@TempDir
	static Path directory;

	private static DevManifestCluster cluster;

	@BeforeAll
	static void start() {
		cluster = DevManifestCluster.start(1, DOMAIN);
	}

	@AfterAll
	static void stop() {
		cluster.close();
	}

	@Test
	void misconfigurationStopsTheStartupBeforeTheSecretReachesTheLeader(CapturedOutput output) throws Exception {
		Map<String, Object> properties = properties();
		properties.put("teesql.attestation.allowed-mrtd", "ab".repeat(48));
		SidecarStats before = cluster.group().leader().sidecarStats();
		FailedStartup startup = FailedStartup.run(output, NonConnectingApplication.class, properties);
		SidecarStats after = cluster.group().leader().sidecarStats();
		MrtdNotAllowedException refusal = Causes.find(startup.failure(), MrtdNotAllowedException.class);
		assertThat(startup.description()).startsWith("MRTD \"" + refusal.mrtd() + "\" is not in the allowlist")
			.contains("teesql.attestation.allowed-mrtd");
		assertThat(after.connectionsAccepted()).isGreaterThan(before.connectionsAccepted());
		assertThat(after.startupMessagesSeen()).isEqualTo(before.startupMessagesSeen());
		assertThat(startup.output()).doesNotContain(cluster.group().readWriteSecret());
	}

	@Test
	void correctConfigurationStartsWithTheLeaderAttested() throws Exception {
		SidecarStats before = cluster.group().leader().sidecarStats();
		SpringApplication application = new SpringApplication(NonConnectingApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setRegisterShutdownHook(false);
		application.setDefaultProperties(properties());
		try (ConfigurableApplicationContext context = application.run()) {
			RaTlsConnector connector = context.getBean(LeaderPools.class)
				.connector(context.getBean(ManifestWatcher.class).lastGood());
			assertThat(connector.verificationCount()).isEqualTo(1);
			assertThat(connector.verificationCache().size()).isEqualTo(1);
			// The client finishes its handshake before the sidecar counts the client's Finished message.
			SidecarStats after = Await.until("the sidecar counts the startup handshake",
					() -> cluster.group().leader().sidecarStats(),
					(stats) -> stats.handshakesCompleted() > before.handshakesCompleted());
			assertThat(after.startupMessagesSeen()).isEqualTo(before.startupMessagesSeen());
		}
	}

	private static Map<String, Object> properties() throws IOException, CertificateEncodingException {
		Path root = directory.resolve("platform-root.pem");
		Files.writeString(root, "-----BEGIN CERTIFICATE-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(cluster.group().platformRootCertificate().getEncoded())
				+ "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("teesql.url", cluster.group().dsn("teesql_readwrite"));
		properties.put("teesql.dstack.endpoint", cluster.group().guestAgentEndpoint());
		properties.put("teesql.attestation.dcap.root-ca", root.toUri().toString());
		properties.put("teesql.attestation.dcap.pccs-url", cluster.group().pcsBaseUrl().toString());
		properties.put("teesql.attestation.allowed-app-id", cluster.group().appId());
		properties.put("teesql.manifest.domain", DOMAIN);
		properties.put("teesql.manifest.signer-address", cluster.signerAddress());
		properties.put("teesql.manifest.cluster-address", cluster.group().clusterAddress());
		properties.put("teesql.manifest.resolvers", cluster.resolver());
		properties.put("spring.datasource.hikari.connection-timeout", "3000");
		properties.put("spring.main.banner-mode", "off");
		properties.put("teesql.verify-on-startup", "true");
		return properties;
	}

}
