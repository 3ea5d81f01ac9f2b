package com.teesql.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.teesql.cli.ManifestCommandRunner.Result;
import com.teesql.devcluster.dns.DnsOutage;
import com.teesql.devcluster.dns.ManifestDnsServer;
import com.teesql.devcluster.dns.ManifestFields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code resolve-leader} against the dev DNS server.
 */
class ResolveLeaderCommandTests {

	private static final String DOMAIN = "cli.dev.teesql.test";

	private static final String CLUSTER = "0xbd32b609057a1a4569558a571d535c8f1212b097";

	private static final ManifestFields FIELDS = new ManifestFields(CLUSTER, 7, "ab".repeat(20),
			"postgresql://leader.dev.teesql.test", System.currentTimeMillis() / 1000 + 3600);

	private ManifestDnsServer dns;

	@BeforeEach
	void start() throws Exception {
		this.dns = ManifestDnsServer.start(DOMAIN);
	}

	@AfterEach
	void stop() {
		this.dns.close();
	}

	@Test
	void printsTheVerifiedManifestAndTheTarget() {
		this.dns.publish(FIELDS);
		Result result = resolve("--cluster", CLUSTER);
		assertThat(result.status()).isZero();
		JsonNode json = result.json();
		assertThat(json.get("verdict").asText()).isEqualTo("accepted");
		assertThat(json.get("record_name").asText()).isEqualTo("_teesql-leader." + DOMAIN);
		assertThat(json.get("epoch").asLong()).isEqualTo(7);
		assertThat(json.get("leader_instance").asText()).isEqualTo("ab".repeat(20));
		assertThat(json.get("recovered_signer").asText()).isEqualTo(this.dns.signerAddress());
		assertThat(json.get("host").asText()).isEqualTo("leader.dev.teesql.test");
		assertThat(json.get("port").asInt()).isEqualTo(5433);
		assertThat(json.get("target").asText()).isEqualTo("leader.dev.teesql.test:5433");
		assertThat(json.get("cluster_checked").asBoolean()).isTrue();
	}

	@Test
	void clusterIsRequiredUnlessAnyClusterIsAsked() {
		this.dns.publish(FIELDS);
		Result missing = resolve();
		assertThat(missing.status()).isEqualTo(2);
		assertThat(missing.json().get("error").asText()).startsWith("missing required option --cluster")
			.contains("--any-cluster");
		assertThat(missing.json().has("verdict")).isFalse();

		Result any = resolve("--any-cluster");
		assertThat(any.status()).isZero();
		assertThat(any.json().get("cluster").asText()).isEqualTo(CLUSTER);
		assertThat(any.json().get("cluster_checked").asBoolean()).isFalse();

		Result both = resolve("--any-cluster", "--cluster", CLUSTER);
		assertThat(both.status()).isEqualTo(2);
		assertThat(both.json().get("error").asText()).contains("exclude each other");
	}

	@Test
	void manifestOfAnotherClusterIsRefused() {
		this.dns.publish(FIELDS);
		Result result = resolve("--cluster", "0x" + "56".repeat(20));
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.json().get("reason_code").asText()).isEqualTo("ManifestClusterMismatchException");
		assertThat(result.json().get("reason").asText())
			.isEqualTo("manifest is for cluster " + CLUSTER + ", expected 0x" + "56".repeat(20));
	}

	@Test
	void refusalsExitOne() {
		this.dns.publishForged(FIELDS, "postgresql://evil.example");
		Result forged = resolve("--cluster", CLUSTER);
		assertThat(forged.status()).isEqualTo(1);
		assertThat(forged.json().get("reason").asText()).startsWith("manifest signature verification failed: recovered 0x");

		Result missing = ManifestCommandRunner.run(new ResolveLeaderCommand(), "--domain", "nothing.example", "--signer",
				this.dns.signerAddress(), "--resolver", this.dns.address(), "--cluster", CLUSTER);
		assertThat(missing.status()).isEqualTo(1);
		assertThat(missing.json().get("reason_code").asText()).isEqualTo("ManifestNotFoundException");
	}

	@Test
	void dnsFailuresExitTwo() {
		this.dns.publish(FIELDS);
		this.dns.outage(DnsOutage.SILENT);
		Result result = resolve("--cluster", CLUSTER, "--timeout-ms", "300");
		assertThat(result.status()).isEqualTo(2);
		assertThat(result.json().get("error").asText()).contains("timed out after 300 ms");
		Result badResolver = resolve("--cluster", CLUSTER, "--resolver", "127.0.0.1:notaport");
		assertThat(badResolver.status()).isEqualTo(2);
		assertThat(badResolver.json().get("error").asText()).contains("127.0.0.1:notaport");
	}

	private Result resolve(String... options) {
		String[] base = { "--domain", DOMAIN, "--signer", this.dns.signerAddress(), "--resolver", this.dns.address() };
		String[] args = new String[base.length + options.length];
		System.arraycopy(base, 0, args, 0, base.length);
		System.arraycopy(options, 0, args, base.length, options.length);
		return ManifestCommandRunner.run(new ResolveLeaderCommand(), args);
	}

}
