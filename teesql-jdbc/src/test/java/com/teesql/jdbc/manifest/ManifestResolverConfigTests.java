package com.teesql.jdbc.manifest;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Record naming, resolver addresses and the lookup bound. Lookups against real servers are tested with the dev DNS
 * server in {@code teesql-dev-cluster}.
 */
class ManifestResolverConfigTests {

	private final ManifestVerifier verifier = ManifestVerifier.builder(FixtureSigner.ADDRESS).build();

	@Test
	void recordNamePrefixIsIdempotent() {
		assertThat(ManifestResolver.recordName("monitor.teesql.com")).isEqualTo("_teesql-leader.monitor.teesql.com");
		assertThat(ManifestResolver.recordName("_teesql-leader.monitor.teesql.com."))
			.isEqualTo("_teesql-leader.monitor.teesql.com");
		assertThat(ManifestResolver.recordName(" _TEESQL-LEADER.x.example ")).isEqualTo("_TEESQL-LEADER.x.example");
		assertThatIllegalArgumentException().isThrownBy(() -> ManifestResolver.recordName(" "))
			.withMessage("cluster domain is empty");
	}

	@Test
	void parsesResolverAddresses() {
		assertThat(DnsServerAddress.parse("127.0.0.1")).isEqualTo(new InetSocketAddress("127.0.0.1", 53));
		assertThat(DnsServerAddress.parse("127.0.0.1:5353")).isEqualTo(new InetSocketAddress("127.0.0.1", 5353));
		assertThat(DnsServerAddress.parse("[::1]:5353")).isEqualTo(new InetSocketAddress("::1", 5353));
		assertThat(DnsServerAddress.parse("::1")).isEqualTo(new InetSocketAddress("::1", 53));
		assertThatIllegalArgumentException().isThrownBy(() -> DnsServerAddress.parse("127.0.0.1:99999"))
			.withMessage("DNS resolver must be host, host:port or [ipv6]:port, got '127.0.0.1:99999'");
		assertThatIllegalArgumentException().isThrownBy(() -> DnsServerAddress.parse("127.0.0.1:dns"))
			.withMessageContaining("'127.0.0.1:dns'");
		assertThatIllegalArgumentException().isThrownBy(() -> DnsServerAddress.parse(""));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ManifestResolver.builder(this.verifier).timeout(Duration.ZERO))
			.withMessage("manifest DNS timeout must be positive, got PT0S");
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void aServerThatNeverAnswersTimesOutWithinTheBound() throws Exception {
		try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			String server = "127.0.0.1:" + silent.getLocalPort();
			ManifestResolver resolver = ManifestResolver.builder(this.verifier)
				.resolvers(List.of(server))
				.timeout(Duration.ofMillis(600))
				.build();
			assertThatExceptionOfType(ManifestResolutionException.class)
				.isThrownBy(() -> resolver.resolve("cluster.example"))
				.withMessageStartingWith("DNS query for _teesql-leader.cluster.example timed out after 600 ms via [/127.0.0.1:");
		}
	}

}
