package com.teesql.devcluster.outage;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.teesql.devcluster.pcs.DevPcsServer;
import com.teesql.devcluster.platform.CollateralKnobs;
import com.teesql.devcluster.platform.DevTdxPlatform;
import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.VerifiedQuote;
import com.teesql.jdbc.attestation.dcap.CachingCollateralSource;
import com.teesql.jdbc.attestation.dcap.CollateralUnavailableException;
import com.teesql.jdbc.attestation.dcap.DcapQuoteVerifier;
import com.teesql.jdbc.attestation.dcap.DcapVerifier;
import com.teesql.jdbc.attestation.dcap.PcsCollateralClient;
import com.teesql.jdbc.attestation.dcap.VerifiedCollateralCache;
import com.teesql.testsupport.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Refresh ahead of DCAP collateral against the dev PCS behind a PCCS that is switched off: collateral fetched and
 * verified in the background before the current one expires carries the client through an outage that outlasts the
 * current collateral. The clock is the PCS's and the client's (a settable one); "the background" is a queue the test
 * runs when it chooses, so nothing depends on timing.
 */
class CollateralRefreshAheadTests {

	private static final SecureRandom random = new SecureRandom();

	/** Less than half the dev collateral's 30-day life, so the refresh starts exactly this long before the expiry. */
	private static final Duration REFRESH_AHEAD = Duration.ofDays(2);

	private final DevTdxPlatform platform = DevTdxPlatform.create(random);

	private final SettableClock clock = new SettableClock(Instant.now());

	private final List<Runnable> background = new ArrayList<>();

	@Test
	void collateralRefreshedAheadCarriesThroughAPccsOutageBeyondTheOldNextUpdate() throws Exception {
		TdxQuote quote = quote();
		try (DevPcsServer pcs = DevPcsServer.start(this.platform, CollateralKnobs.genuine(), this.clock);
				ForwardingPcs pccs = new ForwardingPcs(pcs.baseUrl())) {
			Client client = client(pccs, REFRESH_AHEAD);
			Instant firstExpiry = client.verifier().verify(quote).validUntil().orElseThrow();
			this.clock.set(firstExpiry.minus(REFRESH_AHEAD).minus(Duration.ofDays(1)));
			client.verifier().verify(quote);
			assertThat(this.background).as("no refresh before the refresh-ahead point").isEmpty();

			this.clock.set(firstExpiry.minus(REFRESH_AHEAD).plus(Duration.ofHours(1)));
			assertThat(client.verifier().verify(quote).validUntil()).as("still served the current collateral")
				.contains(firstExpiry);
			runBackground();
			assertThat(client.source().refreshes()).isEqualTo(1);
			assertThat(client.verified().collateralVerifications()).as("refreshed collateral verified in the background")
				.isEqualTo(2);

			pccs.close();
			this.clock.set(firstExpiry.plus(Duration.ofDays(1)));
			VerifiedQuote verified = client.verifier().verify(quote);
			assertThat(verified.tcbStatus()).isEqualTo("UpToDate");
			assertThat(verified.validUntil().orElseThrow()).isAfter(this.clock.instant());
			assertThat(client.source().misses()).as("no connection ever waited for the PCCS again").isEqualTo(1);
			assertThat(client.verified().collateralVerifications()).as("the connection found it verified").isEqualTo(2);
		}
	}

	@Test
	void withoutRefreshAheadTheSameOutageRefusesOnceTheCollateralExpires() throws Exception {
		TdxQuote quote = quote();
		try (DevPcsServer pcs = DevPcsServer.start(this.platform, CollateralKnobs.genuine(), this.clock);
				ForwardingPcs pccs = new ForwardingPcs(pcs.baseUrl())) {
			Client client = client(pccs, Duration.ZERO);
			Instant firstExpiry = client.verifier().verify(quote).validUntil().orElseThrow();
			this.clock.set(firstExpiry.minus(REFRESH_AHEAD).plus(Duration.ofHours(1)));
			client.verifier().verify(quote);
			assertThat(this.background).isEmpty();
			pccs.close();
			this.clock.set(firstExpiry.plus(Duration.ofDays(1)));
			assertThatExceptionOfType(CollateralUnavailableException.class)
				.isThrownBy(() -> client.verifier().verify(quote));
		}
	}

	@Test
	void aRefreshDuringTheOutageFailsAndTheValidCollateralStaysInUse() throws Exception {
		TdxQuote quote = quote();
		try (DevPcsServer pcs = DevPcsServer.start(this.platform, CollateralKnobs.genuine(), this.clock);
				ForwardingPcs pccs = new ForwardingPcs(pcs.baseUrl())) {
			Client client = client(pccs, REFRESH_AHEAD);
			Instant firstExpiry = client.verifier().verify(quote).validUntil().orElseThrow();
			this.clock.set(firstExpiry.minus(REFRESH_AHEAD).plus(Duration.ofHours(1)));
			client.verifier().verify(quote);
			pccs.close();
			runBackground();
			assertThat(client.source().failedRefreshes()).isEqualTo(1);
			assertThat(client.verifier().verify(quote).validUntil()).contains(firstExpiry);
			assertThat(this.background).as("a failed refresh is retried later, not at once").isEmpty();
		}
	}

	private TdxQuote quote() throws Exception {
		byte[] reportData = new byte[64];
		random.nextBytes(reportData);
		return TdxQuote.parse(this.platform.quote(TdIdentity.random(random), reportData));
	}

	private Client client(ForwardingPcs pccs, Duration refreshAhead) {
		VerifiedCollateralCache verified = new VerifiedCollateralCache(
				new DcapVerifier(this.platform.pki().rootCertificate()));
		CachingCollateralSource source = new CachingCollateralSource(
				new PcsCollateralClient(pccs.baseUrl(), Duration.ofSeconds(2)), this.clock, refreshAhead,
				this.background::add, (collateral, now) -> verified.prepare(collateral, now.getEpochSecond()));
		return new Client(new DcapQuoteVerifier(verified, source, this.clock), source, verified);
	}

	private void runBackground() {
		List<Runnable> tasks = new ArrayList<>(this.background);
		this.background.clear();
		tasks.forEach(Runnable::run);
	}

	private record Client(DcapQuoteVerifier verifier, CachingCollateralSource source,
			VerifiedCollateralCache verified) {
	}

}
