package com.teesql.jdbc.attestation.dcap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.VerifiedQuote;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;
import com.teesql.testsupport.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link DcapQuoteVerifier} end to end: the real quote, collateral from a directory or over HTTP, a fixed clock.
 */
class DcapQuoteVerifierTests {

	/** The PCK CRL's nextUpdate, the earliest of the four in the vector collateral (dcap.md §2). */
	private static final Instant EARLIEST_NEXT_UPDATE = Instant.parse("2025-07-19T10:00:35Z");

	@TempDir
	Path directory;

	@Test
	void fixtureQuoteVerifiesUpToDateUntilTheEarliestNextUpdate() throws Exception {
		VerifiedQuote verified = offlineVerifier(DcapVectors.FIXTURE_NOW).verify(TdxQuote.parse(DcapVectors.v4Quote()));

		assertThat(verified.tcbStatus()).isEqualTo("UpToDate");
		assertThat(verified.advisoryIds()).isEmpty();
		assertThat(verified.verifierName()).isEqualTo("dcap");
		assertThat(verified.validUntil()).isEqualTo(Optional.of(EARLIEST_NEXT_UPDATE));
	}

	@Test
	void fixtureQuoteIsRefusedOnceTheCollateralExpired() throws Exception {
		DcapQuoteVerifier verifier = offlineVerifier(DcapVectors.FIXTURE_NOW + 1);

		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> verifier.verify(TdxQuote.parse(DcapVectors.v4Quote())))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CRL_EXPIRED));
	}

	@Test
	void verifiesOverHttpThroughTheCache() throws Exception {
		try (PcsTestServer server = PcsTestServer.start()) {
			SettableClock clock = new SettableClock(DcapVectors.FIXTURE_NOW);
			CachingCollateralSource cache = new CachingCollateralSource(
					new PcsCollateralClient(server.baseUrl(), Duration.ofSeconds(10)), clock);
			DcapQuoteVerifier verifier = new DcapQuoteVerifier(DcapVerifier.withIntelRoot(), cache, clock);
			TdxQuote quote = TdxQuote.parse(DcapVectors.v4Quote());

			VerifiedQuote first = verifier.verify(quote);
			VerifiedQuote second = verifier.verify(quote);

			assertThat(second).isEqualTo(first);
			assertThat(first.tcbStatus()).isEqualTo("UpToDate");
			assertThat(first.validUntil()).contains(EARLIEST_NEXT_UPDATE);
			assertThat(server.requests()).hasSize(4)
				.contains("/tdx/certification/v4/tcb?fmspc=B0C06F000000",
						"/sgx/certification/v4/pckcrl?ca=platform&encoding=der");
			assertThat(cache.hits()).isEqualTo(1);

			clock.set(DcapVectors.FIXTURE_NOW + 1);
			assertThatExceptionOfType(DcapVerificationException.class).isThrownBy(() -> verifier.verify(quote));
			assertThat(server.requests()).hasSize(8);
		}
	}

	@Test
	void collateralUnavailableRefusesTheQuote() {
		DcapQuoteVerifier verifier = new DcapQuoteVerifier(DcapVectors.verifier(),
				new OfflineCollateralSource(this.directory), fixedClock(DcapVectors.FIXTURE_NOW));

		assertThatExceptionOfType(CollateralUnavailableException.class)
			.isThrownBy(() -> verifier.verify(TdxQuote.parse(DcapVectors.v4Quote())))
			.withMessageContaining("B0C06F000000.json");
		assertThat(verifier.name()).isEqualTo("dcap");
	}

	@Test
	void earliestNextUpdateIsThePckCrlsForTheVector() throws Exception {
		assertThat(CollateralExpiry.earliestNextUpdate(DcapVectors.v4Collateral())).isEqualTo(EARLIEST_NEXT_UPDATE);
	}

	@Test
	void earliestNextUpdateOfUnparseableCollateralIsRefused() throws Exception {
		DcapCollateral good = DcapVectors.v4Collateral();
		DcapCollateral badCrl = new DcapCollateral(good.pckCrlIssuerChain(), good.rootCaCrl(), new byte[] { 1, 2, 3 },
				good.tcbInfoIssuerChain(), good.tcbInfo(), good.tcbInfoSignature(), good.qeIdentityIssuerChain(),
				good.qeIdentity(), good.qeIdentitySignature(), null);

		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> CollateralExpiry.earliestNextUpdate(badCrl))
			.withMessageContaining("PCK CRL");
	}

	private DcapQuoteVerifier offlineVerifier(long now) throws Exception {
		Files.writeString(this.directory.resolve("B0C06F000000.json"), DcapVectors.text("tdx_quote_v4_collateral.json"));
		return new DcapQuoteVerifier(DcapVectors.verifier(), new OfflineCollateralSource(this.directory),
				fixedClock(now));
	}

	private static Clock fixedClock(long epochSecond) {
		return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
	}

}
