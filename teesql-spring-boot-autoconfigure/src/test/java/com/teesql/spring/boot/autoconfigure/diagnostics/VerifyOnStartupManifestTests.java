package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.Map;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.sidecar.SidecarStats;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.routing.LeaderPools;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.spring.boot.autoconfigure.support.RunningManifestCluster;
import com.teesql.testsupport.Await;
import com.teesql.testsupport.Causes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
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

	@RegisterExtension
	static final RunningManifestCluster manifest = new RunningManifestCluster(1, DOMAIN);

	@Test
	void misconfigurationStopsTheStartupBeforeTheSecretReachesTheLeader(CapturedOutput output) throws Exception {
		Map<String, Object> properties = properties();
		properties.put("teesql.attestation.allowed-mrtd", "ab".repeat(48));
		SidecarStats before = cluster().group().leader().sidecarStats();
		FailedStartup startup = FailedStartup.run(output, NonConnectingApplication.class, properties);
		SidecarStats after = cluster().group().leader().sidecarStats();
		MrtdNotAllowedException refusal = Causes.find(startup.failure(), MrtdNotAllowedException.class);
		assertThat(startup.description()).startsWith("MRTD \"" + refusal.mrtd() + "\" is not in the allowlist")
			.contains("teesql.attestation.allowed-mrtd");
		assertThat(after.connectionsAccepted()).isGreaterThan(before.connectionsAccepted());
		assertThat(after.startupMessagesSeen()).isEqualTo(before.startupMessagesSeen());
		assertThat(startup.output()).doesNotContain(cluster().group().readWriteSecret());
	}

	@Test
	void correctConfigurationStartsWithTheLeaderAttested() throws Exception {
		SidecarStats before = cluster().group().leader().sidecarStats();
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
					() -> cluster().group().leader().sidecarStats(),
					(stats) -> stats.handshakesCompleted() > before.handshakesCompleted());
			assertThat(after.startupMessagesSeen()).isEqualTo(before.startupMessagesSeen());
		}
	}

	private static Map<String, Object> properties() throws IOException, CertificateEncodingException {
		Map<String, Object> properties = manifest.applicationProperties(directory);
		properties.put("teesql.attestation.allowed-app-id", cluster().group().appId());
		properties.put("spring.main.banner-mode", "off");
		properties.put("teesql.verify-on-startup", "true");
		return properties;
	}

	private static DevManifestCluster cluster() {
		return manifest.cluster();
	}

}
