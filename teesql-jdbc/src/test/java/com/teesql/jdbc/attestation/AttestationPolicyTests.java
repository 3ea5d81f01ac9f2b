package com.teesql.jdbc.attestation;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.DebugModeException;
import com.teesql.jdbc.errors.MeasurementNotAllowedException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.errors.RuntimeEventsException;
import com.teesql.jdbc.errors.TcbStatusNotAcceptedException;
import com.teesql.jdbc.errors.TdAttributesException;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class AttestationPolicyTests {

	private static final String V4_MRTD = "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407"
			+ "de03ae6dc5f87f27428b2538873118b7";

	private static final String OTHER_MRTD = "273828c46252fcbdd8ad2dd907130222b03466d52a2911d70c1a5950895d6bd1"
			+ "ae451d382d5a9b1b4c0ed0e5ae9a3dbd";

	private static final VerifiedQuote UP_TO_DATE = verified("UpToDate");

	private static VerifiedQuote verified(String status) {
		return new VerifiedQuote(status, List.of("INTEL-SA-00837"), "dcap", Optional.empty());
	}

	private static byte[] v4Bytes() {
		return TestVectors.bytes("tdx_quote_v4.bin");
	}

	private static RaTlsEvidence evidence(byte[] quote) throws Exception {
		return new RaTlsEvidence(RaTlsEvidence.Source.LEGACY_QUOTE, TdxQuote.parse(quote), Optional.empty());
	}

	private static RaTlsEvidence v4(boolean debug) throws Exception {
		byte[] bytes = v4Bytes();
		if (debug) {
			bytes[TdxQuoteLayout.V4_REPORT_OFFSET + TdxQuoteLayout.TD_ATTRIBUTES] |= 0x01;
		}
		return evidence(bytes);
	}

	private static RaTlsEvidence envelopeEvidence() throws Exception {
		VersionedAttestation attestation = VersionedAttestation.decode(TestVectors.bytes("versioned_attestation_v0.bin"));
		return new RaTlsEvidence(RaTlsEvidence.Source.ATTESTATION_V0, TdxQuote.parse(attestation.quote()),
				Optional.of(attestation));
	}

	@Test
	void refusesDebugTdsWithTheDocumentedMessage() throws Exception {
		RaTlsEvidence debugQuote = v4(true);
		assertThatExceptionOfType(DebugModeException.class)
			.isThrownBy(() -> AttestationPolicy.DEFAULT.check(debugQuote, UP_TO_DATE))
			.withMessage("TDX TD is in debug mode \u2014 connection refused. Debug TDs have no confidentiality "
					+ "guarantees. Set teesql.attestation.allow-debug-mode=true to override (not recommended for "
					+ "production).");
		assertThatNoException().isThrownBy(() -> AttestationPolicy.DEFAULT.check(v4(false), UP_TO_DATE));
		AttestationPolicy allowDebug = AttestationPolicy.builder().allowDebugMode(true).build();
		assertThatNoException().isThrownBy(() -> allowDebug.check(debugQuote, UP_TO_DATE));
	}

	@Test
	void quoteChecksAloneJudgeDebugAttributesAndTcbStatusButNoAllowlist() throws Exception {
		// What a caller without the handshake's evidence (the actuator's /attestation check) runs before saying
		// "verified".
		AttestationPolicy pinned = AttestationPolicy.builder()
			.allowedMrtd(OTHER_MRTD)
			.allowedAppIds(List.of("ab".repeat(20)))
			.build();
		assertThatNoException().isThrownBy(() -> pinned.checkQuote(v4(false).quote(), UP_TO_DATE));
		assertThatExceptionOfType(DebugModeException.class)
			.isThrownBy(() -> pinned.checkQuote(v4(true).quote(), UP_TO_DATE));
		byte[] reserved = v4Bytes();
		reserved[TdxQuoteLayout.V4_REPORT_OFFSET + TdxQuoteLayout.TD_ATTRIBUTES + 1] = 1;
		TdxQuote reservedQuote = TdxQuote.parse(reserved);
		assertThatExceptionOfType(TdAttributesException.class)
			.isThrownBy(() -> pinned.checkQuote(reservedQuote, UP_TO_DATE));
		assertThatExceptionOfType(TcbStatusNotAcceptedException.class)
			.isThrownBy(() -> pinned.checkQuote(v4(false).quote(), verified("OutOfDate")));
		// The full check runs the same quote checks first.
		assertThatExceptionOfType(DebugModeException.class).isThrownBy(() -> pinned.check(v4(true), UP_TO_DATE));
	}

	@Test
	void refusesUnacceptableTcbStatusWithTheDocumentedMessage() throws Exception {
		assertThatExceptionOfType(TcbStatusNotAcceptedException.class)
			.isThrownBy(() -> AttestationPolicy.DEFAULT.check(v4(false), verified("OutOfDate")))
			.withMessageStartingWith("Unacceptable TCB status: \"OutOfDate\". Acceptable statuses: UpToDate, "
					+ "SWHardeningNeeded. Update the platform firmware/microcode or check Intel's advisory.")
			.withMessageContaining("INTEL-SA-00837")
			.satisfies((ex) -> assertThat(ex.advisoryIds()).containsExactly("INTEL-SA-00837"));
		assertThatNoException()
			.isThrownBy(() -> AttestationPolicy.DEFAULT.check(v4(false), verified("SWHardeningNeeded")));
		AttestationPolicy lenient = AttestationPolicy.builder()
			.acceptableTcbStatuses(List.of("UpToDate", "OutOfDate"))
			.build();
		assertThatNoException().isThrownBy(() -> lenient.check(v4(false), verified("OutOfDate")));
		assertThatExceptionOfType(TcbStatusNotAcceptedException.class)
			.isThrownBy(() -> lenient.check(v4(false), verified("SWHardeningNeeded")))
			.withMessageContaining("Acceptable statuses: UpToDate, OutOfDate.");
	}

	@Test
	void statusIsNotJudgedWhenSignaturesWereDeliberatelySkipped() throws Exception {
		assertThatNoException().isThrownBy(
				() -> AttestationPolicy.DEFAULT.check(v4(false), new SignatureVerificationSkipped().verify(null)));
	}

	@Test
	void rejectsRevokedOrUnknownAcceptableStatuses() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AttestationPolicy.builder().acceptableTcbStatuses(List.of("UpToDate", "Revoked")))
			.withMessageContaining("teesql.attestation.acceptable-tcb-statuses")
			.withMessageContaining("\"Revoked\"");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AttestationPolicy.builder().acceptableTcbStatuses(List.of("OK")))
			.withMessageContaining("\"OK\"");
		assertThatIllegalArgumentException().isThrownBy(() -> AttestationPolicy.builder().acceptableTcbStatuses(List.of()));
	}

	@Test
	void refusesReservedAttributeBitsNamingTheField() throws Exception {
		for (int[] bit : new int[][] { { 0, 0x02 }, { 1, 0x01 }, { 3, 0x20 }, { 3, 0x01 }, { 5, 0x01 }, { 7, 0x40 } }) {
			byte[] quote = v4Bytes();
			quote[TdxQuoteLayout.V4_REPORT_OFFSET + TdxQuoteLayout.TD_ATTRIBUTES + bit[0]] ^= (byte) bit[1];
			RaTlsEvidence evidence = evidence(quote);
			assertThatExceptionOfType(TdAttributesException.class)
				.isThrownBy(() -> AttestationPolicy.DEFAULT.check(evidence, UP_TO_DATE))
				.withMessageContaining("reserved bits")
				.satisfies((ex) -> assertThat(ex.field()).isEqualTo("TDATTRIBUTES"));
		}
	}

	@Test
	void allowsPksKeyLockerAndPerfmon() throws Exception {
		byte[] quote = v4Bytes();
		quote[TdxQuoteLayout.V4_REPORT_OFFSET + TdxQuoteLayout.TD_ATTRIBUTES + 3] |= (byte) 0xC0;
		quote[TdxQuoteLayout.V4_REPORT_OFFSET + TdxQuoteLayout.TD_ATTRIBUTES + 7] |= (byte) 0x80;
		assertThatNoException().isThrownBy(() -> AttestationPolicy.DEFAULT.check(evidence(quote), UP_TO_DATE));
	}

	@Test
	void refusesClearedSeptVeDisable() throws Exception {
		byte[] quote = v4Bytes();
		quote[TdxQuoteLayout.V4_REPORT_OFFSET + TdxQuoteLayout.TD_ATTRIBUTES + 3] &= (byte) ~0x10;
		RaTlsEvidence evidence = evidence(quote);
		assertThatExceptionOfType(TdAttributesException.class)
			.isThrownBy(() -> AttestationPolicy.DEFAULT.check(evidence, UP_TO_DATE))
			.withMessageContaining("SEPT_VE_DISABLE");
	}

	@Test
	void refusesNonZeroMrSignerSeam() throws Exception {
		byte[] quote = v4Bytes();
		quote[TdxQuoteLayout.V4_REPORT_OFFSET + TdxQuoteLayout.MR_SIGNER_SEAM + 5] = 1;
		RaTlsEvidence evidence = evidence(quote);
		assertThatExceptionOfType(TdAttributesException.class)
			.isThrownBy(() -> AttestationPolicy.DEFAULT.check(evidence, UP_TO_DATE))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("MRSIGNERSEAM"));
	}

	@Test
	void refusesNonZeroMrServiceTd() throws Exception {
		byte[] quote = TestVectors.bytes("tdx_quote_v5_td15.bin");
		assertThatNoException().isThrownBy(() -> AttestationPolicy.DEFAULT.check(evidence(quote.clone()), UP_TO_DATE));
		quote[TdxQuoteLayout.V5_REPORT_OFFSET + TdxQuoteLayout.MR_SERVICE_TD] = 1;
		RaTlsEvidence evidence = evidence(quote);
		assertThatExceptionOfType(TdAttributesException.class)
			.isThrownBy(() -> AttestationPolicy.DEFAULT.check(evidence, UP_TO_DATE))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("MRSERVICETD"));
	}

	@Test
	void normalisesAllowlistEntries() throws Exception {
		AttestationPolicy policy = AttestationPolicy.builder()
			.allowedMrtds(List.of("  0X" + V4_MRTD.toUpperCase() + "\t", "0x" + OTHER_MRTD))
			.build();
		assertThat(policy.allowedMrtds()).containsExactlyInAnyOrder(V4_MRTD, OTHER_MRTD);
		assertThatNoException().isThrownBy(() -> policy.check(v4(false), UP_TO_DATE));
	}

	@Test
	void refusesMrtdOutsideTheAllowlistWithTheDocumentedMessage() throws Exception {
		AttestationPolicy policy = AttestationPolicy.builder().allowedMrtd(OTHER_MRTD).build();
		RaTlsEvidence quote = v4(false);
		assertThatExceptionOfType(MrtdNotAllowedException.class).isThrownBy(() -> policy.check(quote, UP_TO_DATE))
			.withMessage("MRTD \"" + V4_MRTD + "\" is not in the allowlist. Update teesql.attestation.allowed-mrtd "
					+ "if you intentionally upgraded the CVM image.")
			.satisfies((ex) -> assertThat(ex.mrtd()).isEqualTo(V4_MRTD));
	}

	@Test
	void debugIsCheckedBeforeStatusAndMrtd() throws Exception {
		AttestationPolicy policy = AttestationPolicy.builder().allowedMrtd(OTHER_MRTD).build();
		RaTlsEvidence debugQuote = v4(true);
		assertThatExceptionOfType(DebugModeException.class)
			.isThrownBy(() -> policy.check(debugQuote, verified("OutOfDate")));
	}

	@Test
	void refusesRtmrOutsideItsAllowlist() throws Exception {
		RaTlsEvidence evidence = v4(false);
		String rtmr2 = evidence.quote().rtmrHex(2);
		AttestationPolicy allowed = AttestationPolicy.builder().allowedRtmrs(2, List.of("0x" + rtmr2)).build();
		assertThatNoException().isThrownBy(() -> allowed.check(evidence, UP_TO_DATE));
		AttestationPolicy other = AttestationPolicy.builder().allowedRtmrs(2, List.of("ab".repeat(48))).build();
		assertThatExceptionOfType(MeasurementNotAllowedException.class)
			.isThrownBy(() -> other.check(evidence, UP_TO_DATE))
			.withMessage("RTMR2 \"" + rtmr2 + "\" is not in the allowlist. Update teesql.attestation.allowed-rtmr2 "
					+ "if you intentionally deployed a new version.");
	}

	@Test
	void composeHashAndAppIdComeFromReplayedRuntimeEvents() throws Exception {
		RaTlsEvidence evidence = envelopeEvidence();
		String composeHash = evidence.attestation().orElseThrow().composeHash().orElseThrow();
		String appId = evidence.attestation().orElseThrow().appId().orElseThrow();
		AttestationPolicy pinned = AttestationPolicy.builder()
			.allowedComposeHashes(List.of(composeHash.toUpperCase()))
			.allowedAppIds(List.of("0x" + appId))
			.build();
		assertThatNoException().isThrownBy(() -> pinned.check(evidence, UP_TO_DATE));
		AttestationPolicy otherCompose = AttestationPolicy.builder()
			.allowedComposeHashes(List.of("cd".repeat(32)))
			.build();
		assertThatExceptionOfType(MeasurementNotAllowedException.class)
			.isThrownBy(() -> otherCompose.check(evidence, UP_TO_DATE))
			.withMessageContaining("compose-hash \"" + composeHash + "\"")
			.withMessageContaining("teesql.attestation.allowed-compose-hash");
		AttestationPolicy otherApp = AttestationPolicy.builder().allowedAppIds(List.of("ef".repeat(20))).build();
		assertThatExceptionOfType(MeasurementNotAllowedException.class)
			.isThrownBy(() -> otherApp.check(evidence, UP_TO_DATE))
			.withMessageContaining("app-id \"" + appId + "\"");
	}

	@Test
	void runtimeEventsThatDoNotReplayToRtmr3AreRefused() throws Exception {
		RaTlsEvidence genuine = envelopeEvidence();
		VersionedAttestation attestation = genuine.attestation().orElseThrow();
		List<RuntimeEvent> forged = new java.util.ArrayList<>(attestation.runtimeEvents());
		int index = forged.indexOf(forged.stream().filter((e) -> e.event().equals("compose-hash")).findFirst().orElseThrow());
		forged.set(index, new RuntimeEvent("compose-hash", new byte[32]));
		VersionedAttestation tampered = new VersionedAttestation(attestation.quote(), attestation.eventLog(), forged,
				attestation.reportData(), attestation.config());
		RaTlsEvidence evidence = new RaTlsEvidence(RaTlsEvidence.Source.ATTESTATION_V0, genuine.quote(),
				Optional.of(tampered));
		assertThatExceptionOfType(RuntimeEventsException.class)
			.isThrownBy(() -> AttestationPolicy.DEFAULT.check(evidence, UP_TO_DATE))
			.withMessageContaining("do not replay to the quote's RTMR3");
	}

	@Test
	void composeHashAllowlistNeedsRuntimeEvents() throws Exception {
		AttestationPolicy pinned = AttestationPolicy.builder().allowedComposeHashes(List.of("cd".repeat(32))).build();
		RaTlsEvidence legacy = v4(false);
		assertThatExceptionOfType(RuntimeEventsException.class).isThrownBy(() -> pinned.check(legacy, UP_TO_DATE))
			.withMessageContaining("teesql.attestation.allowed-compose-hash is set");
	}

	@Test
	void rejectsMalformedAllowlistEntriesNamingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> AttestationPolicy.builder().allowedMrtd("0xabc"))
			.withMessageContaining("\"0xabc\"")
			.withMessageContaining("96 hex characters")
			.withMessageContaining("got 3 characters");
		String nonHex = V4_MRTD.substring(0, 95) + "g";
		assertThatIllegalArgumentException().isThrownBy(() -> AttestationPolicy.builder().allowedMrtd(nonHex))
			.withMessageContaining(nonHex);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AttestationPolicy.builder().allowedComposeHashes(Set.of("abcd")))
			.withMessageContaining("teesql.attestation.allowed-compose-hash");
		assertThatIllegalArgumentException().isThrownBy(() -> AttestationPolicy.builder().allowedRtmrs(4, Set.of()));
	}

}
