package com.teesql.devcluster.dns;

import java.time.Duration;
import java.util.List;

import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.LeaderTarget;
import com.teesql.jdbc.manifest.ManifestClusterMismatchException;
import com.teesql.jdbc.manifest.ManifestExpiredException;
import com.teesql.jdbc.manifest.ManifestNotFoundException;
import com.teesql.jdbc.manifest.ManifestRejectedException;
import com.teesql.jdbc.manifest.ManifestResolutionException;
import com.teesql.jdbc.manifest.ManifestResolver;
import com.teesql.jdbc.manifest.ManifestRollbackException;
import com.teesql.jdbc.manifest.ManifestSignatureException;
import com.teesql.jdbc.manifest.ManifestVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The client's {@link ManifestResolver} against the dev DNS server over real UDP and TCP.
 */
class ManifestResolverDnsTests {

	private static final String DOMAIN = ManifestDnsServerTests.DOMAIN;

	private static final ManifestFields FIELDS = ManifestDnsServerTests.FIELDS;

	private ManifestDnsServer server;

	private ManifestVerifier verifier;

	@BeforeEach
	void start() throws Exception {
		this.server = ManifestDnsServer.start(DOMAIN);
		this.verifier = ManifestVerifier.builder(this.server.signerAddress()).expectedCluster(FIELDS.cluster()).build();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void resolvesAndVerifiesTheManifestOverUdp() throws Exception {
		this.server.publish(FIELDS);
		LeaderManifest manifest = resolver().resolve(DOMAIN);
		assertThat(manifest.epoch()).isEqualTo(42);
		assertThat(manifest.recoveredSigner()).isEqualTo(this.server.signerAddress());
		assertThat(manifest.target())
			.isEqualTo(new LeaderTarget("ea23198e3419ebbb240571a29d0112d9bcbe69c0-5433.dstack-base-prod9.phala.network", 443));
		assertThat(resolver().resolve("_teesql-leader." + DOMAIN)).isEqualTo(manifest);
		assertThat(this.server.udpQueries()).isEqualTo(2);
		assertThat(this.server.tcpQueries()).isZero();
	}

	@Test
	void retriesOverTcpWhenTheUdpAnswerIsTruncated() throws Exception {
		this.server.ednsSupported(false);
		this.server.publishRaw(List.of(this.server.signer().sign(FIELDS), this.server.signer().sign(FIELDS.withEpoch(43)
			.withLeaderUrl("https://new-leader.example:8443"))));
		LeaderManifest manifest = resolver().resolve(DOMAIN);
		assertThat(this.server.truncatedAnswers()).isEqualTo(1);
		assertThat(this.server.tcpQueries()).isEqualTo(1);
		// Both records verify: the higher epoch wins.
		assertThat(manifest.epoch()).isEqualTo(43);
		assertThat(manifest.target()).isEqualTo(new LeaderTarget("new-leader.example", 8443));
	}

	@Test
	void triesEveryRecordUntilOneVerifies() throws Exception {
		this.server.publishWithGarbage(FIELDS);
		assertThat(resolver().lookupTxt(DOMAIN)).hasSize(2);
		assertThat(resolver().resolve(DOMAIN).epoch()).isEqualTo(42);
	}

	@Test
	void refusesExpiredForgedRolledBackAndOtherClusterManifests() throws Exception {
		this.server.publishExpired(FIELDS);
		assertThatExceptionOfType(ManifestExpiredException.class).isThrownBy(() -> resolver().resolve(DOMAIN))
			.withMessageStartingWith("manifest expired: valid_until=");

		this.server.publishForged(FIELDS, "https://evil.example");
		assertThatExceptionOfType(ManifestSignatureException.class).isThrownBy(() -> resolver().resolve(DOMAIN))
			.withMessageStartingWith("manifest signature verification failed: recovered 0x")
			.withMessageEndingWith("expected " + this.server.signerAddress());

		this.server.publish(FIELDS);
		assertThat(resolver().resolve(DOMAIN).epoch()).isEqualTo(42);
		this.server.publishRolledBack();
		assertThatExceptionOfType(ManifestRollbackException.class).isThrownBy(() -> resolver().resolve(DOMAIN))
			.withMessageStartingWith("manifest rolled back: epoch 41 is older than epoch 42");

		String other = "0x3333333333333333333333333333333333333333";
		this.server.publishForOtherCluster(FIELDS.withEpoch(44), other);
		assertThatExceptionOfType(ManifestClusterMismatchException.class).isThrownBy(() -> resolver().resolve(DOMAIN))
			.withMessage("manifest is for cluster " + other + ", expected " + FIELDS.cluster());
	}

	@Test
	void listsEveryReasonWhenAllRecordsAreRefused() {
		this.server.publishRaw(List.of("garbage", this.server.signer().sign(FIELDS.withValidUntil(1000))));
		assertThatExceptionOfType(ManifestRejectedException.class).isThrownBy(() -> resolver().resolve(DOMAIN))
			.withMessageStartingWith("no valid manifest among 2 TXT records at _teesql-leader." + DOMAIN + ": [1] ")
			.withMessageContaining("[2] manifest expired: valid_until=1000")
			.satisfies((ex) -> assertThat(ex.getSuppressed()).hasSize(2));
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void reportsMissingRecordsAndOutages() {
		assertThatExceptionOfType(ManifestNotFoundException.class).isThrownBy(() -> resolver().resolve(DOMAIN))
			.withMessage("no TXT records for _teesql-leader." + DOMAIN);
		assertThatExceptionOfType(ManifestNotFoundException.class).isThrownBy(() -> resolver().resolve("other.example"))
			.withMessage("no TXT records for _teesql-leader.other.example (NXDOMAIN)");
		this.server.publish(FIELDS);
		this.server.outage(DnsOutage.SERVFAIL);
		assertThatExceptionOfType(ManifestResolutionException.class).isThrownBy(() -> resolver().resolve(DOMAIN))
			.withMessageStartingWith("DNS query for _teesql-leader." + DOMAIN + " failed: SERVFAIL from [");
		this.server.outage(DnsOutage.SILENT);
		assertThatExceptionOfType(ManifestResolutionException.class).isThrownBy(() -> resolver().resolve(DOMAIN))
			.withMessageContaining("timed out after 500 ms");
	}

	@Test
	void fallsBackToTheNextResolver() throws Exception {
		this.server.publish(FIELDS);
		try (ManifestDnsServer dead = ManifestDnsServer.start(DOMAIN)) {
			dead.outage(DnsOutage.SILENT);
			ManifestResolver resolver = ManifestResolver.builder(this.verifier)
				.resolvers(List.of(dead.address(), this.server.address()))
				.timeout(Duration.ofSeconds(2))
				.build();
			assertThat(resolver.resolve(DOMAIN).epoch()).isEqualTo(42);
			assertThat(dead.udpQueries()).isPositive();
		}
	}

	private ManifestResolver resolver() {
		return ManifestResolver.builder(this.verifier)
			.resolvers(List.of(this.server.address()))
			.timeout(Duration.ofMillis(500))
			.build();
	}

}
