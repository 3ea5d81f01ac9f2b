package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.teesql.devcluster.dns.ManifestDnsServer;
import com.teesql.devcluster.dns.ManifestFields;
import com.teesql.devcluster.dns.ManifestSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
	void expiredManifest(CapturedOutput output) {
		dns.publishExpired(fields);
		FailedStartup startup = FailedStartup.run(output, properties(dns.signerAddress()));
		assertThat(startup.description()).contains("manifest expired");
		assertThat(startup.action()).contains("dns-controller").contains("teesql.manifest.clock-skew");
	}

}
