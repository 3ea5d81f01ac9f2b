package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.sql.SQLException;
import java.util.Map;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.AttestationKnobs.Evidence;
import com.teesql.jdbc.manifest.ManifestInstanceNotAttestedException;
import com.teesql.jdbc.manifest.ManifestLeaderInstanceMismatchException;
import com.teesql.spring.boot.autoconfigure.support.RunningManifestCluster;
import com.teesql.testsupport.Causes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report for a leader that does not prove it is the manifest's {@code leader_instance}: in isolation, and for real
 * (an application in manifest mode whose dev-cluster leader presents a legacy {@code .1.1} certificate).
 */
@ExtendWith(OutputCaptureExtension.class)
class LeaderInstanceFailureAnalyzerTests {

	private static final String DOMAIN = "instance-analyzer.teesql.test";

	private static final String INSTANCE = "ab".repeat(20);

	@TempDir
	static Path directory;

	@RegisterExtension
	static final RunningManifestCluster manifest = new RunningManifestCluster(1, DOMAIN);

	@Test
	void missingInstanceEvidenceIsExplainedInIsolation() {
		MockEnvironment environment = new MockEnvironment().withProperty("teesql.manifest.domain", DOMAIN)
			.withProperty("teesql.allow-simulator", "true");
		Throwable failure = new IllegalStateException("startup failed", new SQLException("connection refused",
				new ManifestInstanceNotAttestedException(INSTANCE, "no instance-id runtime event")));
		FailureAnalysis analysis = new ManifestFailureAnalyzer(environment).analyze(failure);
		assertThat(analysis.getDescription())
			.startsWith("The server named by the leader manifest at _teesql-leader." + DOMAIN
					+ " (DNS TXT) did not prove it is the manifest's leader: manifest names leader_instance " + INSTANCE
					+ " but the server attested no instance-id (no instance-id runtime event)");
		assertThat(analysis.getAction()).contains("teesql.allow-simulator=true (currently true)")
			.contains("so it cannot be reached through a manifest")
			.doesNotContain("\t")
			.contains("remove teesql.manifest.domain")
			.contains("1.3.6.1.4.1.62397.1.8")
			.contains("No property disables this check");
	}

	@Test
	void anotherInstanceIsExplainedInIsolation() {
		Throwable failure = new IllegalStateException(new ManifestLeaderInstanceMismatchException(
				"manifest names leader_instance " + INSTANCE + " but the server attested instance-id " + "cd".repeat(20)));
		FailureAnalysis analysis = new ManifestFailureAnalyzer(new MockEnvironment()).analyze(failure);
		assertThat(analysis.getDescription()).contains("did not prove it is the manifest's leader")
			.contains("cd".repeat(20));
		assertThat(analysis.getAction()).contains("teesql.manifest.refresh-interval").contains("do not connect");
	}

	@Test
	void legacyLeaderCertificateStopsTheStartupWithGuidance(CapturedOutput output) throws Exception {
		cluster().group()
			.leader()
			.reissueServerCertificate(AttestationKnobs.genuine().withEvidence(Evidence.LEGACY_QUOTE));
		try {
			// A legacy certificate carries no runtime events, so an app-id pin would refuse it first: the manifest
			// binding must hold even with the identity requirement knowingly switched off.
			Map<String, Object> properties = properties();
			properties.put("teesql.attestation.require-identity", "false");
			FailedStartup startup = FailedStartup.run(output, properties);
			assertThat(Causes.find(startup.failure(), ManifestInstanceNotAttestedException.class))
				.hasMessageContaining(cluster().group().leader().instanceId());
			assertThat(startup.description()).startsWith("The server named by the leader manifest at _teesql-leader."
					+ DOMAIN + " (DNS TXT) did not prove it is the manifest's leader: manifest names leader_instance "
					+ cluster().group().leader().instanceId() + " but the server attested no instance-id");
			assertThat(startup.action()).contains("legacy RA-TLS certificate (1.3.6.1.4.1.62397.1.1)")
				.contains("teesql.allow-simulator=true (currently false)");
			assertThat(startup.output()).doesNotContain(cluster().group().readWriteSecret());
		}
		finally {
			cluster().group().leader().reissueServerCertificate(AttestationKnobs.genuine());
		}
	}

	private static Map<String, Object> properties() throws IOException, CertificateEncodingException {
		return manifest.applicationProperties(directory);
	}

	private static DevManifestCluster cluster() {
		return manifest.cluster();
	}

}
