package com.teesql.devcluster.platform;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.AttestationFormat;
import com.teesql.jdbc.attestation.AttestationPlatform;
import com.teesql.jdbc.attestation.EventLogVersion;
import com.teesql.jdbc.attestation.StackKind;
import com.teesql.jdbc.attestation.TdxEventLogEntry;
import com.teesql.jdbc.attestation.VersionedAttestation;
import com.teesql.jdbc.errors.UnsupportedPlatformException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The dev platform's envelopes decode, field by field, with the client's decoder; the default is dstack's default.
 */
class VersionedAttestationEncoderTests {

	private static final byte[] QUOTE = { 4, 0, 2, 0, (byte) 0x81 };

	private static final List<RuntimeEvent> EVENTS = List.of(new RuntimeEvent("app-id", new byte[20]),
			new RuntimeEvent("compose-hash", new byte[32], EventLogVersion.V2));

	private static final byte[] REPORT_DATA = new byte[64];

	@Test
	void v1EnvelopesDecodeFieldByField() throws Exception {
		List<TdxEventLogEntry> log = EVENTS.stream().map(RuntimeEvent::toTdxEvent).toList();
		for (AttestationPlatform platform : List.of(AttestationPlatform.TDX, AttestationPlatform.GCP_TDX)) {
			for (StackKind stack : StackKind.values()) {
				String payload = (stack == StackKind.DSTACK_POD) ? EnvelopeKnobs.POD_PAYLOAD : null;
				byte[] bytes = VersionedAttestationEncoder.encodeV1(platform, stack, QUOTE, log, EVENTS, REPORT_DATA,
						"{}", payload);
				VersionedAttestation decoded = VersionedAttestation.decode(bytes);
				assertThat(decoded.format()).isEqualTo(AttestationFormat.V1);
				assertThat(decoded.platform()).isEqualTo(platform);
				assertThat(decoded.stack()).isEqualTo(stack);
				assertThat(decoded.quote()).isEqualTo(QUOTE);
				assertThat(decoded.reportData()).isEqualTo(REPORT_DATA);
				assertThat(decoded.config()).isEqualTo("{}");
				assertThat(decoded.reportDataPayload()).isEqualTo(java.util.Optional.ofNullable(payload));
				assertThat(decoded.runtimeEvents()).containsExactlyElementsOf(EVENTS.stream().map(RuntimeEvent::toJdbc).toList());
				assertThat(decoded.eventLog()).hasSize(2);
				assertThat(decoded.eventLog().get(1).version()).isEqualTo(EventLogVersion.V2);
				assertThat(decoded.eventLog().get(1).digest()).isEmpty();
				assertThat(decoded.vtpmQuote().isPresent()).isEqualTo(platform == AttestationPlatform.GCP_TDX);
			}
		}
	}

	@Test
	void foreignPlatformsAreWrittenInBothFormatsAndRefusedByName() {
		for (AttestationPlatform platform : List.of(AttestationPlatform.NITRO_ENCLAVE, AttestationPlatform.SEV_SNP,
				AttestationPlatform.AWS_NITRO_TPM)) {
			byte[] v0 = VersionedAttestationEncoder.encodeV0(platform, QUOTE, List.of(), List.of(), REPORT_DATA, "{}");
			byte[] v1 = VersionedAttestationEncoder.encodeV1(platform, StackKind.DSTACK, QUOTE, List.of(), List.of(),
					REPORT_DATA, "{}", null);
			for (byte[] bytes : List.of(v0, v1)) {
				assertThatExceptionOfType(UnsupportedPlatformException.class)
					.isThrownBy(() -> VersionedAttestation.decode(bytes))
					.withMessage(platform.refusal());
			}
		}
	}

	@Test
	void theDefaultIsWhatDstackEmitsByDefault() {
		EnvelopeKnobs knobs = AttestationKnobs.genuine().envelope();
		assertThat(knobs.format()).isEqualTo(AttestationFormat.V0);
		assertThat(knobs.platform()).isEqualTo(AttestationPlatform.TDX);
		assertThat(knobs.stack()).isEqualTo(StackKind.DSTACK);
		assertThat(knobs.events()).isEqualTo(EnvelopeKnobs.Events.V1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EnvelopeKnobs(AttestationFormat.V0, AttestationPlatform.TDX, StackKind.DSTACK,
					EnvelopeKnobs.Events.V2))
			.withMessageContaining("V0 (SCALE) envelope carries only the dstack stack with V1 events");
	}

	@Test
	void envelopeSpecificationsParseOrNameTheWrongPart() {
		assertThat(EnvelopeKnobs.parse("v1:gcp-tdx:dstack:mixed")).isEqualTo(
				EnvelopeKnobs.v1(AttestationPlatform.GCP_TDX, StackKind.DSTACK, EnvelopeKnobs.Events.MIXED));
		assertThat(EnvelopeKnobs.parse(" V0:tdx ")).isEqualTo(EnvelopeKnobs.dstackDefault());
		assertThat(EnvelopeKnobs.parse("v1:tdx:dstack-pod")).isEqualTo(
				EnvelopeKnobs.v1(AttestationPlatform.TDX, StackKind.DSTACK_POD, EnvelopeKnobs.Events.V1));
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeKnobs.parse("v2:tdx"))
			.withMessage("envelope format \"v2\" is not one of v0, v1");
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeKnobs.parse("v1:sgx"))
			.withMessageStartingWith("envelope platform \"sgx\" is not one of [tdx, gcp-tdx");
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeKnobs.parse("v1:tdx:k8s"))
			.withMessage("envelope stack \"k8s\" is not one of dstack, dstack-pod");
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeKnobs.parse("v1:tdx:dstack:v3"))
			.withMessage("envelope events \"v3\" is not one of v1, v2, mixed");
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeKnobs.parse("v1"))
			.withMessageContaining("is not FORMAT:PLATFORM[:STACK[:EVENTS]]");
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeKnobs.parse("v0:tdx:dstack:v2"))
			.withMessageContaining("V0 (SCALE) envelope carries only the dstack stack with V1 events");
	}

}
