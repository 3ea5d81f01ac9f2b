package com.teesql.jdbc.attestation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.errors.ReportDataBindingException;
import com.teesql.jdbc.errors.UnsupportedAttestationFormatException;
import com.teesql.jdbc.errors.UnsupportedPlatformException;
import com.teesql.testsupport.TestVectors;

import static com.teesql.jdbc.attestation.V1Envelopes.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Decodes V1 (msgpack) envelopes built from the upstream definitions (dstack-attest {@code v1.rs}) around the real
 * quote and runtime events of {@code versioned_attestation_v0.bin}, field by field, and refuses malformed ones with
 * typed errors.
 */
class MsgpackAttestationDecoderTests {

	private static final VersionedAttestation V0 = decodeUnchecked(TestVectors.bytes("versioned_attestation_v0.bin"));

	private static VersionedAttestation decodeUnchecked(byte[] bytes) {
		try {
			return VersionedAttestation.decode(bytes);
		}
		catch (AttestationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, Object> envelope(String platform, String stack, String payload) {
		return V1Envelopes.attestation(platform, V0.quote(), V0.runtimeEvents(), V0.reportData(), stack, payload);
	}

	@Test
	void decodesATdxDstackEnvelopeFieldByField() throws Exception {
		byte[] bytes = V1Envelopes.pack(envelope("tdx", "dstack", null));
		assertThat(bytes[0] & 0xff).isEqualTo(0x83);
		VersionedAttestation decoded = VersionedAttestation.decode(bytes);
		assertThat(decoded.format()).isEqualTo(AttestationFormat.V1);
		assertThat(decoded.platform()).isEqualTo(AttestationPlatform.TDX);
		assertThat(decoded.stack()).isEqualTo(StackKind.DSTACK);
		assertThat(decoded.quote()).isEqualTo(V0.quote());
		assertThat(decoded.reportData()).isEqualTo(V0.reportData());
		assertThat(decoded.config()).isEqualTo("{\"vm_config\":\"{}\"}");
		assertThat(decoded.runtimeEvents()).isEqualTo(V0.runtimeEvents());
		assertThat(decoded.eventLog()).hasSameSizeAs(V0.runtimeEvents());
		TdxEventLogEntry first = decoded.eventLog().get(0);
		assertThat(first.imr()).isEqualTo(3);
		assertThat(first.eventType()).isEqualTo(0x08000001L);
		assertThat(first.digest()).isEmpty();
		assertThat(first.event()).isEqualTo(V0.runtimeEvents().get(0).event());
		assertThat(first.payload()).isEqualTo(V0.runtimeEvents().get(0).payload());
		assertThat(first.version()).isEqualTo(EventLogVersion.V1);
		assertThat(first.preimage()).isNull();
		assertThat(decoded.reportDataPayload()).isEmpty();
		assertThat(decoded.vtpmQuote()).isEmpty();
		assertThat(decoded.eventLogVersions()).containsExactly(EventLogVersion.V1);
		assertThat(decoded.appId()).isEqualTo(V0.appId());
		assertThat(Rtmr3Replay.replay(decoded.runtimeEvents())).isEqualTo(TdxQuote.parse(decoded.quote()).rtmr(3));
	}

	@Test
	void decodesAGcpTdxEnvelopeWithItsVtpmQuote() throws Exception {
		VersionedAttestation decoded = VersionedAttestation.decode(V1Envelopes.pack(envelope("gcp-tdx", "dstack", null)));
		assertThat(decoded.platform()).isEqualTo(AttestationPlatform.GCP_TDX);
		VtpmQuote vtpm = decoded.vtpmQuote().orElseThrow();
		assertThat(vtpm.message()).containsExactly(0xff, 'T', 'C', 'G');
		assertThat(vtpm.signature()).containsExactly(1, 2);
		assertThat(vtpm.pcrValues()).singleElement().satisfies((pcr) -> {
			assertThat(pcr.index()).isEqualTo(14);
			assertThat(pcr.algorithm()).isEqualTo("sha256");
			assertThat(pcr.value()).hasSize(32);
		});
		assertThat(vtpm.akCert()).containsExactly(0x30, 0x00);
		assertThat(vtpm.platform()).isEqualTo("gcp");
		assertThat(vtpm.eventLog()).singleElement().satisfies((event) -> assertThat(event.pcrIndex()).isEqualTo(14));
	}

	@Test
	void decodesV2AndMixedRuntimeEvents() throws Exception {
		List<RuntimeEvent> events = new ArrayList<>();
		for (int i = 0; i < V0.runtimeEvents().size(); i++) {
			RuntimeEvent event = V0.runtimeEvents().get(i);
			events.add(new RuntimeEvent(event.event(), event.payload(), (i % 2 == 0) ? EventLogVersion.V2 : EventLogVersion.V1));
		}
		byte[] bytes = V1Envelopes
			.pack(V1Envelopes.attestation("tdx", V0.quote(), events, V0.reportData(), "dstack", null));
		VersionedAttestation decoded = VersionedAttestation.decode(bytes);
		assertThat(decoded.runtimeEvents()).isEqualTo(events);
		assertThat(decoded.eventLogVersions()).containsExactly(EventLogVersion.V2, EventLogVersion.V1);
		assertThat(decoded.eventLog().get(0).version()).isEqualTo(EventLogVersion.V2);
		// The vector's quote was measured with V1 events: the mixed log replays to something else.
		assertThat(Rtmr3Replay.replay(decoded.runtimeEvents())).isNotEqualTo(TdxQuote.parse(decoded.quote()).rtmr(3));
	}

	@Test
	void acceptsAnExplicitVersionOneOnEvents() throws Exception {
		Map<String, Object> attestation = envelope("tdx", "dstack", null);
		runtimeEvents(attestation).get(0).put("version", 1);
		VersionedAttestation decoded = VersionedAttestation.decode(V1Envelopes.pack(attestation));
		assertThat(decoded.runtimeEvents().get(0).version()).isEqualTo(EventLogVersion.V1);
	}

	@Test
	void decodesDstackPodEvidenceAndRefusesItForTls() throws Exception {
		String payload = "{\"pod_uid\":\"abc\",\"workload_id\":\"default/app\"}";
		VersionedAttestation unbound = VersionedAttestation.decode(V1Envelopes.pack(envelope("tdx", "dstack-pod", payload)));
		assertThat(unbound.stack()).isEqualTo(StackKind.DSTACK_POD);
		assertThat(unbound.reportDataPayload()).contains(payload);
		assertThatExceptionOfType(ReportDataBindingException.class).isThrownBy(() -> StackEvidenceCheck.check(unbound))
			.withMessageContaining("report_data does not match report_data_payload");
		byte[] appData = StackEvidenceCheck.appDataReportData(payload);
		VersionedAttestation bound = VersionedAttestation.decode(V1Envelopes
			.pack(V1Envelopes.attestation("tdx", V0.quote(), V0.runtimeEvents(), appData, "dstack-pod", payload)));
		assertThatExceptionOfType(ReportDataBindingException.class).isThrownBy(() -> StackEvidenceCheck.check(bound))
			.withMessageContaining("not to the certificate key");
	}

	@Test
	void appDataReportDataIsSha512OfTheTaggedPayload() throws Exception {
		byte[] expected = java.security.MessageDigest.getInstance("SHA-512")
			.digest("app-data:hello".getBytes(StandardCharsets.UTF_8));
		assertThat(StackEvidenceCheck.appDataReportData("hello")).isEqualTo(expected);
	}

	@Test
	void refusesUnsupportedPlatformsByName() {
		for (String kind : List.of("nitro-enclave", "aws-nitro-tpm", "sev-snp")) {
			Map<String, Object> attestation = map("version", 1, "platform", map("kind", kind, "data", map()), "stack",
					map("kind", "dstack", "data", map()));
			assertThatExceptionOfType(UnsupportedPlatformException.class)
				.isThrownBy(() -> VersionedAttestation.decode(V1Envelopes.pack(attestation)))
				.withMessageStartingWith("attestation platform " + kind + " (")
				.withMessageContaining("is not supported");
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void refusesMalformedEnvelopesNamingTheField() {
		assertRefused(with((a) -> a.put("version", 2)), "unsupported attestation version 2");
		assertRefused(with((a) -> a.put("extra", 1)), "unknown field \"extra\"");
		assertRefused(with((a) -> a.remove("stack")), "missing field \"stack\"");
		assertRefused(with((a) -> platformData(a).put("quote", V0.quote())), "platform.data.quote must be an array");
		assertRefused(with((a) -> runtimeEvents(a).get(0).put("payload", new V1Envelopes.Ints(new byte[] { 1 }))),
				"stack.data.runtime_events[0].payload must be bin");
		assertRefused(with((a) -> runtimeEvents(a).get(0).put("version", 3)), "unknown event log version 3");
		assertRefused(with((a) -> stackData(a).put("report_data", new V1Envelopes.Ints(new byte[63]))),
				"report_data must be 64 bytes, got 63");
		assertRefused(with((a) -> ((Map<String, Object>) a.get("platform")).put("kind", "tdx2")),
				"platform.kind \"tdx2\" is not a dstack platform");
		assertRefused(with((a) -> ((Map<String, Object>) a.get("stack")).put("kind", "k8s")),
				"stack.kind \"k8s\" is not a dstack stack");
		assertRefused(with((a) -> stackData(a).remove("report_data_payload")), null);
		assertRefused(with((a) -> a.put("platform", map("data", platformData(a), "kind", "tdx"))),
				"expected key \"kind\" first");
		byte[] valid = V1Envelopes.pack(envelope("tdx", "dstack", null));
		assertRefused(Arrays.copyOf(valid, valid.length + 1), "1 trailing bytes");
		assertRefused(Arrays.copyOf(valid, valid.length - 1), null);
		// An array header promising 2^32-1 entries in a few bytes.
		assertRefused(new byte[] { (byte) 0x81, (byte) 0xa7, 'v', 'e', 'r', 's', 'i', 'o', 'n', (byte) 0xdd, -1, -1, -1, -1 },
				null);
	}

	@Test
	void refusesDuplicateKeys() {
		byte[] valid = V1Envelopes.pack(envelope("tdx", "dstack", null));
		// 0x83 -> 0x84 and append a second "version": 1.
		byte[] duplicate = Arrays.copyOf(valid, valid.length + 9);
		duplicate[0] = (byte) 0x84;
		byte[] tail = { (byte) 0xa7, 'v', 'e', 'r', 's', 'i', 'o', 'n', 1 };
		System.arraycopy(tail, 0, duplicate, valid.length, tail.length);
		assertRefused(duplicate, "duplicate field \"version\"");
	}

	@Test
	void refusesInvalidUtf8() {
		byte[] valid = V1Envelopes.pack(envelope("tdx", "dstack", null));
		byte[] config = "vm_config".getBytes(StandardCharsets.US_ASCII);
		int at = indexOf(valid, config);
		valid[at] = (byte) 0xff;
		assertRefused(valid, "not valid UTF-8");
	}

	@Test
	void everyPrefixOfAValidEnvelopeIsATypedRefusal() {
		byte[] valid = V1Envelopes.pack(envelope("gcp-tdx", "dstack-pod", "p"));
		for (int length = 1; length < valid.length; length += 7) {
			assertRefused(Arrays.copyOf(valid, length), null);
		}
	}

	@Test
	void firstByteSelectsTheFormat() {
		for (int first : new int[] { 0x01, 0x7f, 0x90, 0xc0, 0xdc, 0xff }) {
			assertThatExceptionOfType(UnsupportedAttestationFormatException.class)
				.isThrownBy(() -> VersionedAttestation.decode(new byte[] { (byte) first, 0 }))
				.withMessageStartingWith("Unknown attestation wire format");
		}
	}

	private static void assertRefused(byte[] bytes, String message) {
		var assertion = assertThatExceptionOfType(QuoteFormatException.class)
			.isThrownBy(() -> VersionedAttestation.decode(bytes));
		if (message != null) {
			assertion.withMessageContaining(message);
		}
	}

	private static byte[] with(java.util.function.Consumer<Map<String, Object>> change) {
		Map<String, Object> attestation = envelope("tdx", "dstack-pod", "payload");
		change.accept(attestation);
		return V1Envelopes.pack(attestation);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> platformData(Map<String, Object> attestation) {
		return (Map<String, Object>) ((Map<String, Object>) attestation.get("platform")).get("data");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> stackData(Map<String, Object> attestation) {
		return (Map<String, Object>) ((Map<String, Object>) attestation.get("stack")).get("data");
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> runtimeEvents(Map<String, Object> attestation) {
		List<Map<String, Object>> events = new ArrayList<>((List<Map<String, Object>>) stackData(attestation).get("runtime_events"));
		stackData(attestation).put("runtime_events", events);
		return events;
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		throw new IllegalArgumentException("not found");
	}

}
