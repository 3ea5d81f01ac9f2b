package com.teesql.devcluster.pcs;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.teesql.devcluster.platform.CollateralKnobs;
import com.teesql.devcluster.platform.CollateralSigner;
import com.teesql.devcluster.platform.DevTdxPlatform;
import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.jdbc.attestation.dcap.CollateralKey;
import com.teesql.jdbc.attestation.dcap.DcapCollateral;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException;
import com.teesql.jdbc.attestation.dcap.DcapVerifier;
import com.teesql.jdbc.attestation.dcap.PcsCollateralClient;
import com.teesql.jdbc.attestation.dcap.TcbStatus;
import com.teesql.jdbc.attestation.dcap.VerifiedCollateralCache;

import com.teesql.testsupport.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DCAP fast path (collateral and PCK chain verified once, {@link VerifiedCollateralCache}) gives the verdict of
 * the pure reference ({@link DcapVerifier#verify}) on dev-cluster quotes: genuine, debug and another platform's,
 * each against genuine collateral and against every collateral knob of the dev PCS, fetched over HTTP. One cache
 * serves all of them, so genuine collateral is verified once and the rest is served from it.
 */
class DevQuoteFastPathTests {

	private static final SecureRandom random = new SecureRandom();

	private static final DevTdxPlatform platform = DevTdxPlatform.create(random);

	@Test
	void fastPathAndReferenceAgreeOnDevQuotesAndEveryCollateralKnob() throws Exception {
		TdIdentity td = TdIdentity.random(random);
		byte[] reportData = new byte[64];
		random.nextBytes(reportData);
		List<byte[]> quotes = List.of(platform.quote(td, reportData), platform.quote(td.withDebug(true), reportData),
				platform.quote(TdIdentity.random(random), reportData),
				DevTdxPlatform.create(random).quote(td, reportData));
		List<CollateralKnobs> knobs = List.of(CollateralKnobs.genuine(),
				CollateralKnobs.genuine().withTcbStatus(TcbStatus.OUT_OF_DATE, "INTEL-SA-00837"),
				CollateralKnobs.genuine().withTcbStatus(TcbStatus.REVOKED, "INTEL-SA-00999"),
				CollateralKnobs.genuine().withPckRevoked(true), CollateralKnobs.genuine().withExpired(true),
				CollateralKnobs.genuine().withCrlsExpired(true), CollateralKnobs.genuine().withWrongQeIdentity(true),
				CollateralKnobs.genuine().withWrongPceId(true),
				CollateralKnobs.genuine().withSigner(CollateralSigner.PCK_LEAF),
				CollateralKnobs.genuine().withSigner(CollateralSigner.ISSUED_BY_PLATFORM_CA),
				CollateralKnobs.genuine().withSigner(CollateralSigner.OTHER_CERTIFICATE_OF_THE_ROOT));
		DcapVerifier reference = new DcapVerifier(platform.pki().rootCertificate());
		VerifiedCollateralCache fast = new VerifiedCollateralCache(reference);
		List<DcapCollateral> collaterals = new ArrayList<>();
		try (DevPcsServer pcs = DevPcsServer.start(platform, CollateralKnobs.genuine(), Clock.systemUTC())) {
			for (CollateralKnobs knob : knobs) {
				pcs.setKnobs(knob);
				collaterals.add(new PcsCollateralClient(pcs.baseUrl())
					.collateral(CollateralKey.of(platform.pki().fmspcHex(), CollateralKey.PckCa.PLATFORM)));
			}
		}
		long now = Instant.now().getEpochSecond();
		int accepted = 0;
		// Twice: the first round fills the cache, the second is served from it.
		for (int round = 0; round < 2; round++) {
			for (DcapCollateral collateral : collaterals) {
				for (byte[] quote : quotes) {
					Outcome expected = outcome(() -> reference.verify(quote, collateral, now));
					assertThat(outcome(() -> fast.verify(quote, collateral, now))).isEqualTo(expected);
					accepted += (expected.result() != null) ? 1 : 0;
				}
			}
		}
		assertThat(accepted).as("quotes accepted by both").isPositive();
		// Genuine and OUT_OF_DATE/REVOKED/revoked-PCK collateral verify; the second round verified none again.
		assertThat(fast.collateralVerifications()).isLessThanOrEqualTo(collaterals.size());
	}

	private static Outcome outcome(Outcome.Call verification) {
		return Outcome.of(verification, DcapVerificationException.class, DcapVerificationException::reason);
	}

}
