package com.teesql.jdbc.attestation.dcap;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.support.ByteMutator;
import com.teesql.jdbc.support.Fuzz;
import com.teesql.jdbc.support.QuoteInputs;

import com.teesql.testsupport.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path ({@link VerifiedCollateralCache}: collateral and PCK chain verified once) against the reference
 * ({@link DcapVerifier#verify}, a pure function): the same verdict, down to the error reason and message, on the
 * fixture, the v5 fixture, every fuzzed quote and collateral mutation and every time around the validity window.
 * One cache serves all cases of a run, so most of them take the fast path.
 */
class VerifiedCollateralCacheTests {

	private static final byte[] QUOTE = DcapVectors.v4Quote();

	private static final ByteMutator QUOTE_MUTATOR = new ByteMutator(QuoteInputs.lengthFields(632, false));

	private final DcapVerifier reference = DcapVectors.verifier();

	private final VerifiedCollateralCache fast = new VerifiedCollateralCache(this.reference);

	@Test
	void fixtureIsVerifiedOnceAndThenServedFromTheVerifiedCollateral() throws Exception {
		DcapCollateral collateral = DcapVectors.v4Collateral();
		DcapVerificationResult expected = this.reference.verify(QUOTE, collateral, DcapVectors.FIXTURE_NOW);
		for (int i = 0; i < 3; i++) {
			assertThat(this.fast.verify(QUOTE, collateral, DcapVectors.FIXTURE_NOW - i)).isEqualTo(expected);
		}
		assertThat(this.fast.collateralVerifications()).isEqualTo(1);
		assertThat(this.fast.pckValidations()).isEqualTo(1);
		// An equal collateral set parsed again is the same key; any change is a new set, verified anew.
		this.fast.verify(QUOTE, DcapVectors.v4Collateral(), DcapVectors.FIXTURE_NOW);
		assertThat(this.fast.collateralVerifications()).isEqualTo(1);
		assertThat(this.fast.earliestNextUpdate(collateral)).contains(CollateralExpiry.earliestNextUpdate(collateral));
	}

	@Test
	void changedCollateralIsVerifiedAnewAndAnInvalidChangeIsRefusedAsTheReferenceRefusesIt() throws Exception {
		DcapCollateral collateral = DcapVectors.v4Collateral();
		this.fast.verify(QUOTE, collateral, DcapVectors.FIXTURE_NOW);
		byte[] signature = collateral.tcbInfoSignature();
		signature[5] ^= 0x01;
		DcapCollateral changed = DcapVerifierTamperingTests.withSignature(collateral, "tcb_info_signature",
				signature);
		Outcome reference = outcome(() -> this.reference.verify(QUOTE, changed, DcapVectors.FIXTURE_NOW));
		assertThat(reference.refusal()).isEqualTo(DcapVerificationException.Reason.TCB_INFO_SIGNATURE_INVALID);
		assertThat(outcome(() -> this.fast.verify(QUOTE, changed, DcapVectors.FIXTURE_NOW))).isEqualTo(reference);
	}

	@Test
	void v5FixtureGetsTheSameVerdict() throws Exception {
		DcapCollateral collateral = DcapCollateral.fromJson(DcapVectors.text("tdx_quote_v5_td15_collateral.json"));
		byte[] quote = DcapVectors.bytes("tdx_quote_v5_td15.bin");
		requireSameVerdict(quote, collateral, DcapVectors.V5_NOW);
		requireSameVerdict(quote, collateral, DcapVectors.V5_NOW);
	}

	@Test
	void everyTimeAroundTheWindowGetsTheSameVerdict() throws Exception {
		DcapCollateral collateral = DcapVectors.v4Collateral();
		this.fast.verify(QUOTE, collateral, DcapVectors.FIXTURE_NOW);
		// The fixture's accepted range is 1750329147 ..= 1752919234; every edge, and the TCB info's nextUpdate.
		long[] times = { 1750329145L, 1750329146L, 1750329147L, 1750329148L, 1751000000L, 1752919233L, 1752919234L,
				1752919235L, 1752919236L, 1752920163L, 1752920164L, DcapVectors.FIXTURE_NOW };
		for (long now : times) {
			requireSameVerdict(QUOTE, collateral, now);
		}
	}

	@Test
	void everyMutatedQuoteGetsTheSameVerdict() throws Exception {
		DcapCollateral collateral = DcapVectors.v4Collateral();
		Fuzz.<byte[]>target("fast path vs reference (mutated quote)")
			.timeout(Duration.ofSeconds(10))
			.allocationBudget(256L * 1024 * 1024)
			.describedBy(ByteMutator::describe)
			.run(Fuzz.tries(0.3), (random) -> QUOTE_MUTATOR.mutate(QUOTE, random),
					(quote) -> requireSameVerdict(quote, collateral, DcapVectors.FIXTURE_NOW));
		assertThat(this.fast.collateralVerifications()).isEqualTo(1);
	}

	@Test
	void everyMutatedCollateralGetsTheSameVerdict() throws Exception {
		this.fast.verify(QUOTE, DcapVectors.v4Collateral(), DcapVectors.FIXTURE_NOW);
		Fuzz.<DcapVerifierFuzzTests.MutatedCollateral>target("fast path vs reference (mutated collateral)")
			.accepting(DcapVerificationException.class)
			.timeout(Duration.ofSeconds(10))
			.allocationBudget(256L * 1024 * 1024)
			.run(Fuzz.tries(0.3), DcapVerifierFuzzTests::mutatedCollateral, (mutated) -> {
				DcapCollateral collateral = DcapCollateral.fromJson(mutated.json());
				requireSameVerdict(QUOTE, collateral, DcapVectors.FIXTURE_NOW);
			});
	}

	private void requireSameVerdict(byte[] quote, DcapCollateral collateral, long now) {
		Outcome reference = outcome(() -> this.reference.verify(quote, collateral, now));
		Outcome fast = outcome(() -> this.fast.verify(quote, collateral, now));
		assertThat(fast).as("fast path at %d", now).isEqualTo(reference);
	}

	private static Outcome outcome(Outcome.Call verification) {
		return Outcome.of(verification, DcapVerificationException.class, DcapVerificationException::reason);
	}

}
