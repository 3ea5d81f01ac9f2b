package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.teesql.devcluster.dns.ManifestDnsServer;
import com.teesql.devcluster.dns.ManifestFields;
import com.teesql.devcluster.dns.ManifestSigner;
import com.teesql.jdbc.manifest.ManifestEpochStoreException;
import com.teesql.testsupport.Causes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "manifest signature verification failed" and "manifest expired", produced for real: a DNS server on loopback
 * serving the manifest over UDP/TCP, and an application configured to discover its leader from it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ManifestFailureAnalyzerTests {

	private static final String SECRET = "ab".repeat(32);

	private static final String DOMAIN = "analyzers.teesql.test";

	@TempDir
	static Path directory;

	private static ManifestDnsServer dns;

	private static ManifestFields fields;

	@BeforeAll
	static void start() throws Exception {
		dns = ManifestDnsServer.start(DOMAIN, ManifestSigner.random());
		fields = new ManifestFields("0x" + "12".repeat(20), 7, "34".repeat(20), "https://127.0.0.1:5433",
				Instant.now().plusSeconds(3600).getEpochSecond());
	}

	@AfterAll
	static void stop() {
		dns.close();
	}

	private Map<String, Object> properties(String signer) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("teesql.url", "postgresql://teesql_readwrite:" + SECRET + "@leader.invalid/app");
		properties.put("teesql.manifest.domain", DOMAIN);
		properties.put("teesql.manifest.signer-address", signer);
		properties.put("teesql.manifest.cluster-address", fields.cluster());
		properties.put("teesql.manifest.resolvers", dns.address());
		properties.put("teesql.manifest.timeout", "2s");
		properties.put("teesql.attestation.allowed-app-id", "0a".repeat(20));
		return properties;
	}

	@Test
	void wrongSignerAddress(CapturedOutput output) {
		dns.publish(fields);
		String wrongSigner = "0x" + "99".repeat(20);
		FailedStartup startup = FailedStartup.run(output, properties(wrongSigner));
		assertThat(startup.description()).contains("_teesql-leader." + DOMAIN)
			.contains("manifest signature verification failed")
			.contains(wrongSigner);
		assertThat(startup.action()).contains("teesql.manifest.signer-address (currently " + wrongSigner + ")");
		assertThat(startup.output()).doesNotContain(SECRET);
	}

	@Test
	void unpinnedIdentityIsRefusedAtStartupAlthoughLeaderPoolsStartLazily(CapturedOutput output) {
		dns.publish(fields);
		Map<String, Object> properties = properties(dns.signerAddress());
		properties.remove("teesql.attestation.allowed-app-id");
		FailedStartup startup = FailedStartup.run(output, NonConnectingApplication.class, properties);
		assertThat(Causes.find(startup.failure(), com.teesql.jdbc.errors.IdentityNotPinnedException.class).target())
			.isEqualTo("leader.invalid:5433");
		assertThat(startup.description()).startsWith("No identity pin for the TeeSQL cluster at leader.invalid:5433");
		assertThat(startup.action()).contains("teesql-cli pin");
		assertThat(startup.output()).doesNotContain(SECRET);
	}

	@Test
	void manifestOfAnotherCluster(CapturedOutput output) {
		// Validly signed by the configured signer, but for another cluster than teesql.manifest.cluster-address.
		dns.publish(fields);
		Map<String, Object> properties = properties(dns.signerAddress());
		properties.put("teesql.manifest.cluster-address", "0x" + "56".repeat(20));
		FailedStartup startup = FailedStartup.run(output, properties);
		assertThat(startup.description()).contains("manifest is for cluster " + fields.cluster() + ", expected 0x"
				+ "56".repeat(20));
		assertThat(startup.action()).contains("teesql.manifest.cluster-address");
	}

	@Test
	void corruptEpochStore(CapturedOutput output) throws Exception {
		dns.publish(fields);
		Path store = Files.writeString(directory.resolve("teesql-epochs"),
				"# teesql leader manifest epochs v1\n" + fields.cluster() + "=4");
		Map<String, Object> properties = properties(dns.signerAddress());
		properties.put("teesql.manifest.epoch-store", store.toString());
		FailedStartup startup = FailedStartup.run(output, properties);
		assertThat(Causes.find(startup.failure(), ManifestEpochStoreException.class)).hasMessageContaining("truncated");
		assertThat(startup.description()).startsWith("The manifest epoch store (teesql.manifest.epoch-store=" + store
				+ ") cannot be used: teesql.manifest.epoch-store: manifest epoch store " + store.toAbsolutePath()
				+ " is corrupt: it does not end with a line break (truncated?); it is never reset silently");
		assertThat(startup.action()).contains("never reset silently")
			.contains("keep the damaged file for inspection")
			.contains("teesql-cli resolve-leader prints for your cluster")
			.doesNotContain("\t");
	}

	@Test
	void expiredManifest(CapturedOutput output) {
		dns.publishExpired(fields);
		FailedStartup startup = FailedStartup.run(output, properties(dns.signerAddress()));
		assertThat(startup.description()).contains("manifest expired");
		assertThat(startup.action()).contains("dns-controller").contains("teesql.manifest.clock-skew");
	}

}
