package com.teesql.devcluster.pcs;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

import com.teesql.devcluster.platform.CollateralKnobs;
import com.teesql.devcluster.platform.CollateralSigner;
import com.teesql.devcluster.platform.DevTdxPlatform;
import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.RaTlsEvidence;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.VerifiedQuote;
import com.teesql.jdbc.attestation.dcap.CollateralKey;
import com.teesql.jdbc.attestation.dcap.PcsCollateralClient;
import com.teesql.jdbc.errors.DebugModeException;
import com.teesql.jdbc.attestation.dcap.DcapCollateral;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;
import com.teesql.jdbc.attestation.dcap.DcapVerificationResult;
import com.teesql.jdbc.attestation.dcap.DcapVerifier;
import com.teesql.jdbc.attestation.dcap.TcbStatus;
import com.teesql.testsupport.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The real DCAP verifier, pinning the dev root, against dev quotes and collateral fetched from the dev PCS over
 * HTTP: genuine collateral passes, and every collateral knob trips the check it targets.
 */
class DevPcsVerificationTests {

	private static final SecureRandom random = new SecureRandom();

	private static final DevTdxPlatform platform = DevTdxPlatform.create(random);

	private static final TdIdentity td = TdIdentity.random(random);

	private static final byte[] reportData = randomBytes(64);

	private static final byte[] quote = platform.quote(td, reportData);

	private final DcapVerifier verifier = new DcapVerifier(platform.pki().rootCertificate());

	@Test
	void genuineCollateralFromThePcsVerifiesTheQuoteUpToDate() throws Exception {
		try (DevPcsServer pcs = DevPcsServer.start(platform)) {
			DcapVerificationResult result = this.verifier.verify(quote, fetch(pcs), now());
			assertThat(result.status()).isEqualTo(TcbStatus.UP_TO_DATE);
			assertThat(result.advisoryIds()).isEmpty();
			assertThat(result.qeStatus().status()).isEqualTo(TcbStatus.UP_TO_DATE);
			assertThat(result.tcbLevelStatus().status()).isEqualTo(TcbStatus.UP_TO_DATE);
			assertThat(result.tdxModuleStatus().status()).isEqualTo(TcbStatus.UP_TO_DATE);
			assertThat(result.debug()).isFalse();
			HexFormat hex = HexFormat.of();
			assertThat(result.tdReport().mrTd()).isEqualTo(hex.formatHex(td.mrTd()));
			assertThat(result.tdReport().reportData()).isEqualTo(hex.formatHex(reportData));
			assertThat(result.pck().fmspc()).isEqualToIgnoringCase(platform.pki().fmspcHex());
			assertThat(result.pck().ppid()).isEqualTo(hex.formatHex(platform.pki().ppid()));
			assertThat(result.pck().pceSvn()).isEqualTo(platform.tcb().pceSvn());
			assertThat(result.pck().issuer()).contains("Platform");
			assertThat(pcs.requestCount()).isEqualTo(4);
			assertThat(pcs.requestCount(DevPcsServer.TCB_INFO_PATH)).isEqualTo(1);
		}
	}

	@Test
	void outOfDateTcbLevelDowngradesTheStatusWithItsAdvisories() throws Exception {
		CollateralKnobs knobs = CollateralKnobs.genuine()
			.withTcbStatus(TcbStatus.OUT_OF_DATE, "INTEL-SA-00837", "INTEL-SA-00828");
		try (DevPcsServer pcs = DevPcsServer.start(platform, knobs, Clock.systemUTC())) {
			DcapVerificationResult result = this.verifier.verify(quote, fetch(pcs), now());
			assertThat(result.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
			assertThat(result.advisoryIds()).containsExactly("INTEL-SA-00828", "INTEL-SA-00837");
			assertThat(result.tcbLevelStatus().status()).isEqualTo(TcbStatus.OUT_OF_DATE);
			assertThat(result.qeStatus().status()).isEqualTo(TcbStatus.UP_TO_DATE);
		}
	}

	@Test
	void revokedTcbLevelIsRefused() throws Exception {
		CollateralKnobs knobs = CollateralKnobs.genuine().withTcbStatus(TcbStatus.REVOKED, "INTEL-SA-00999");
		try (DevPcsServer pcs = DevPcsServer.start(platform, knobs, Clock.systemUTC())) {
			assertRefused(fetch(pcs), Reason.TCB_REVOKED);
		}
	}

	@Test
	void revokedPckIsRefused() throws Exception {
		try (DevPcsServer pcs = DevPcsServer.start(platform, CollateralKnobs.genuine().withPckRevoked(true),
				Clock.systemUTC())) {
			assertRefused(fetch(pcs), Reason.CERTIFICATE_REVOKED)
				.withMessageContaining(platform.pki().pckCertificate().getSerialNumber().toString(16));
		}
	}

	@Test
	void expiredTcbInfoIsRefused() throws Exception {
		try (DevPcsServer pcs = DevPcsServer.start(platform, CollateralKnobs.genuine().withExpired(true),
				Clock.systemUTC())) {
			assertRefused(fetch(pcs), Reason.TCB_INFO_EXPIRED);
		}
	}

	@Test
	void expiredCrlsAreRefused() throws Exception {
		try (DevPcsServer pcs = DevPcsServer.start(platform, CollateralKnobs.genuine().withCrlsExpired(true),
				Clock.systemUTC())) {
			assertRefused(fetch(pcs), Reason.CRL_EXPIRED);
		}
	}

	@Test
	void qeIdentityOfAnotherSignerIsRefused() throws Exception {
		try (DevPcsServer pcs = DevPcsServer.start(platform, CollateralKnobs.genuine().withWrongQeIdentity(true),
				Clock.systemUTC())) {
			assertRefused(fetch(pcs), Reason.QE_IDENTITY_MISMATCH).withMessageContaining("MRSIGNER");
		}
	}

	@Test
	void collateralSignedByThePlatformsPckKeyIsRefused() throws Exception {
		// The quote and everything else are genuine: only the TCB info and QE identity signer is a PCK leaf.
		try (DevPcsServer pcs = DevPcsServer.start(platform,
				CollateralKnobs.genuine().withSigner(CollateralSigner.PCK_LEAF), Clock.systemUTC())) {
			assertRefused(fetch(pcs), Reason.TCB_SIGNER_IS_PCK_CERTIFICATE)
				.withMessage("TCB info issuer chain: signer 'O=TeeSQL Dev,CN=TeeSQL Dev SGX PCK Certificate' carries "
						+ "the Intel SGX PCK extension 1.2.840.113741.1.13.1: a platform's PCK key must never sign "
						+ "TCB info or QE identity");
		}
	}

	@Test
	void collateralSignedByACertificateOfThePlatformCaIsRefused() throws Exception {
		try (DevPcsServer pcs = DevPcsServer.start(platform,
				CollateralKnobs.genuine().withSigner(CollateralSigner.ISSUED_BY_PLATFORM_CA), Clock.systemUTC())) {
			assertRefused(fetch(pcs), Reason.TCB_SIGNER_NOT_ISSUED_BY_ROOT)
				.withMessage("TCB info issuer chain: signer 'O=TeeSQL Dev,CN=Intel SGX TCB Signing' is issued by "
						+ "'O=TeeSQL Dev,CN=TeeSQL Dev SGX PCK Platform CA', not directly by the pinned root "
						+ "'O=TeeSQL Dev,CN=TeeSQL Dev SGX Root CA'");
		}
	}

	@Test
	void collateralSignedByAnotherCertificateOfTheRootIsRefused() throws Exception {
		try (DevPcsServer pcs = DevPcsServer.start(platform,
				CollateralKnobs.genuine().withSigner(CollateralSigner.OTHER_CERTIFICATE_OF_THE_ROOT),
				Clock.systemUTC())) {
			assertRefused(fetch(pcs), Reason.TCB_SIGNER_SUBJECT_MISMATCH)
				.withMessage("TCB info issuer chain: signer 'O=TeeSQL Dev,CN=TeeSQL Dev SGX Other Signing' is not the "
						+ "TCB signing certificate (its common name must be 'Intel SGX TCB Signing')");
		}
	}

	@Test
	void tcbInfoForAnotherPceIsRefused() throws Exception {
		try (DevPcsServer pcs = DevPcsServer.start(platform, CollateralKnobs.genuine().withWrongPceId(true),
				Clock.systemUTC())) {
			assertRefused(fetch(pcs), Reason.PCE_ID_MISMATCH)
				.withMessage("PCK certificate PCE-ID 0000 differs from the TCB info's pceId 0001");
		}
	}

	@Test
	void quoteOfAnotherDevPlatformDoesNotChainToThePinnedRoot() throws Exception {
		DevTdxPlatform other = DevTdxPlatform.create(random);
		byte[] otherQuote = other.quote(td, reportData);
		try (DevPcsServer pcs = DevPcsServer.start(platform)) {
			DcapCollateral collateral = fetch(pcs);
			assertThatExceptionOfType(DcapVerificationException.class)
				.isThrownBy(() -> this.verifier.verify(otherQuote, collateral, now()))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CERTIFICATE_CHAIN_INVALID))
				.withMessageContaining("does not chain to the pinned root");
		}
	}

	@Test
	void productionVerifierPinningIntelsRootRefusesDevCollateral() throws Exception {
		try (DevPcsServer pcs = DevPcsServer.start(platform)) {
			DcapCollateral collateral = fetch(pcs);
			assertThatExceptionOfType(DcapVerificationException.class)
				.isThrownBy(() -> DcapVerifier.withIntelRoot().verify(quote, collateral, now()))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.REVOCATION_STATUS_UNKNOWN));
		}
	}

	@Test
	void debugTdVerifiesButIsRefusedByThePolicy() throws Exception {
		byte[] debugQuote = platform.quote(td.withDebug(true), reportData);
		try (DevPcsServer pcs = DevPcsServer.start(platform)) {
			DcapVerificationResult result = this.verifier.verify(debugQuote, fetch(pcs), now());
			assertThat(result.debug()).isTrue();
			VerifiedQuote verified = new VerifiedQuote(result.status().intelName(), result.advisoryIds(), "dcap",
					Optional.empty());
			RaTlsEvidence evidence = new RaTlsEvidence(RaTlsEvidence.Source.LEGACY_QUOTE, TdxQuote.parse(debugQuote),
					Optional.empty());
			assertThatExceptionOfType(DebugModeException.class)
				.isThrownBy(() -> AttestationPolicy.DEFAULT.check(evidence, verified));
		}
	}

	@Test
	void knobsChangedAtRuntimeApplyToTheNextFetch() throws Exception {
		try (DevPcsServer pcs = DevPcsServer.start(platform)) {
			assertThat(this.verifier.verify(quote, fetch(pcs), now()).status()).isEqualTo(TcbStatus.UP_TO_DATE);
			pcs.setKnobs(CollateralKnobs.genuine().withTcbStatus(TcbStatus.SW_HARDENING_NEEDED, "INTEL-SA-00615"));
			assertThat(pcs.knobs().tcbStatus()).isEqualTo(TcbStatus.SW_HARDENING_NEEDED);
			DcapVerificationResult downgraded = this.verifier.verify(quote, fetch(pcs), now());
			assertThat(downgraded.status()).isEqualTo(TcbStatus.SW_HARDENING_NEEDED);
			assertThat(downgraded.advisoryIds()).containsExactly("INTEL-SA-00615");
			pcs.setKnobs(CollateralKnobs.genuine().withPckRevoked(true));
			DcapCollateral revoked = fetch(pcs);
			assertThatExceptionOfType(DcapVerificationException.class)
				.isThrownBy(() -> this.verifier.verify(quote, revoked, now()))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CERTIFICATE_REVOKED));
			pcs.setKnobs(CollateralKnobs.genuine());
			assertThat(this.verifier.verify(quote, fetch(pcs), now()).status()).isEqualTo(TcbStatus.UP_TO_DATE);
			assertThat(pcs.requestCount()).isEqualTo(16);
		}
	}

	@Test
	void longRunningPcsReissuesCollateralBeforeItExpires() throws Exception {
		SettableClock clock = new SettableClock(Instant.now());
		try (DevPcsServer pcs = DevPcsServer.start(platform, CollateralKnobs.genuine(), clock)) {
			String first = pcs.collateral().tcbInfoJson();
			clock.advance(Duration.ofHours(23));
			assertThat(pcs.collateral().tcbInfoJson()).isEqualTo(first);
			clock.advance(Duration.ofDays(40));
			DcapCollateral reissued = fetch(pcs);
			assertThat(reissued.tcbInfo()).isNotEqualTo(first);
			assertThat(pcs.collateral().issueDate()).isAfter(clock.instant().minus(Duration.ofHours(2)));
			DcapVerificationResult result = this.verifier.verify(quote, reissued, clock.instant().getEpochSecond());
			assertThat(result.status()).isEqualTo(TcbStatus.UP_TO_DATE);
		}
	}

	private ThrowableAssertAlternative<DcapVerificationException> assertRefused(
			DcapCollateral collateral, Reason reason) {
		return assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> this.verifier.verify(quote, collateral, now()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason));
	}

	private static DcapCollateral fetch(DevPcsServer pcs) throws Exception {
		// The client's real PCS client against the dev PCS: both sides of the wire format meet here.
		return new PcsCollateralClient(pcs.baseUrl())
			.collateral(CollateralKey.of(platform.pki().fmspcHex(), CollateralKey.PckCa.PLATFORM));
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

}
