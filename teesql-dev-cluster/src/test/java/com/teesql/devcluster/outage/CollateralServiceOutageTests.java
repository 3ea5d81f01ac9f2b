package com.teesql.devcluster.outage;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.jdbc.attestation.dcap.CachingCollateralSource;
import com.teesql.jdbc.attestation.dcap.CollateralExpiry;
import com.teesql.jdbc.attestation.dcap.CollateralSource;
import com.teesql.jdbc.attestation.dcap.CollateralUnavailableException;
import com.teesql.jdbc.attestation.dcap.DcapCollateral;
import com.teesql.jdbc.attestation.dcap.DcapQuoteVerifier;
import com.teesql.jdbc.attestation.dcap.DcapVerifier;
import com.teesql.jdbc.attestation.dcap.PcsCollateralClient;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.devcluster.support.DevIdentity;
import com.teesql.testsupport.SettableClock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PCCS down, through the whole connection path: pgjdbc → RA-TLS → dev sidecar, with every connection's quote
 * verified by DCAP. Cached collateral carries connections through the outage until its {@code nextUpdate}; after
 * that the connection is refused with a typed error, quickly.
 */
class CollateralServiceOutageTests {

	@AutoClose
	private static final DevCluster cluster = DevCluster.start();

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void cachedCollateralServesUntilNextUpdateThenConnectionsAreRefused() throws Exception {
		SettableClock clock = new SettableClock(Instant.now());
		ForwardingPcs pccs = new ForwardingPcs(cluster.pcsBaseUrl());
		AtomicReference<DcapCollateral> fetched = new AtomicReference<>();
		PcsCollateralClient pcsClient = new PcsCollateralClient(pccs.baseUrl(), Duration.ofSeconds(2));
		CollateralSource recording = (key) -> {
			DcapCollateral collateral = pcsClient.collateral(key);
			fetched.set(collateral);
			return collateral;
		};
		CachingCollateralSource collateral = new CachingCollateralSource(recording, clock);
		DcapQuoteVerifier verifier = new DcapQuoteVerifier(new DcapVerifier(cluster.platformRootCertificate()),
				collateral, clock);
		TeeSqlDsn dsn = TeeSqlDsn.parse(cluster.dsn(ClusterRoles.READ_WRITE));
		RaTlsConnector connector = RaTlsConnector.builder(RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
			.dstackEndpoint(cluster.guestAgentEndpoint())
			.policy(DevIdentity.pinnedTo(cluster).build())
			.cacheTtl(Duration.ZERO)
			.build()).quoteVerifier(verifier).build();
		try (OutageClient client = new OutageClient(dsn, connector)) {
			assertThat(client.currentUser()).isEqualTo("teesql_readwrite");
			assertThat(collateral.misses()).isEqualTo(1);
			Instant nextUpdate = CollateralExpiry.earliestNextUpdate(fetched.get());
			assertThat(nextUpdate).isAfter(clock.instant());

			pccs.close();
			assertThat(client.currentUser()).isEqualTo("teesql_readwrite");
			clock.set(nextUpdate.minusSeconds(1));
			assertThat(client.currentUser()).isEqualTo("teesql_readwrite");
			// Every connection was verified (cache TTL 0), none fetched again: the outage was bridged by the cache.
			assertThat(connector.verificationCount()).isEqualTo(3);
			assertThat(collateral.misses()).isEqualTo(1);
			assertThat(collateral.hits()).isEqualTo(2);

			clock.set(nextUpdate.plusSeconds(1));
			long startups = cluster.sidecarStats().startupMessagesSeen();
			OutageClient.Refusal refusal = client.refusal();
			assertThat(refusal.cause(CollateralUnavailableException.class).getMessage())
				.contains(pccs.baseUrl().getAuthority());
			assertThat(collateral.misses()).isEqualTo(2);
			assertThat(cluster.sidecarStats().startupMessagesSeen()).isEqualTo(startups);
		}
		finally {
			pccs.close();
		}
	}

}
