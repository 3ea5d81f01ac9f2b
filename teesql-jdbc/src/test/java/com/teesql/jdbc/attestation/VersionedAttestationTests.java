package com.teesql.jdbc.attestation;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.errors.UnsupportedAttestationFormatException;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

class VersionedAttestationTests {

	private static final byte[] VECTOR = TestVectors.bytes("versioned_attestation_v0.bin");

	private static final JsonNode EXPECTED = TestVectors.json("parsed_values.json")
		.get("versioned_attestation_v0.bin")
		.get("v0_envelope");

	@Test
	void decodesTheV0VectorCompletely() throws Exception {
		VersionedAttestation attestation = VersionedAttestation.decode(VECTOR);
		assertThat(attestation.quote()).isEqualTo(Arrays.copyOfRange(VECTOR, 4, 5014));
		assertThat(EXPECTED.get("quote_offset").asInt()).isEqualTo(4);
		assertThat(attestation.quote()).hasSize(EXPECTED.get("quote_len").asInt());
		assertThat(attestation.eventLog()).hasSize(33);
		assertThat(attestation.runtimeEvents()).hasSize(9);
		assertThat(attestation.reportData()).isEqualTo(new byte[64]);
		assertThat(attestation.config()).isEqualTo(EXPECTED.get("config").asText()).startsWith("{\"kms_urls\"");
	}

	@Test
	void eventLogMatchesIndependentParser() throws Exception {
		List<TdxEventLogEntry> eventLog = VersionedAttestation.decode(VECTOR).eventLog();
		JsonNode expected = EXPECTED.get("event_log");
		assertThat(eventLog).hasSize(expected.size());
		for (int i = 0; i < eventLog.size(); i++) {
			TdxEventLogEntry entry = eventLog.get(i);
			JsonNode json = expected.get(i);
			assertThat(entry.imr()).as("imr %d", i).isEqualTo(json.get("imr").asLong());
			assertThat(entry.eventType()).as("type %d", i)
				.isEqualTo(Long.parseLong(json.get("event_type").asText().substring(2), 16));
			assertThat(entry.event()).as("event %d", i).isEqualTo(json.get("event").asText());
			assertThat(entry.payload()).as("payload %d", i).hasSize(json.get("payload_len").asInt());
			assertThat(Hex.encode(entry.digest())).as("digest %d", i).isEqualTo(json.get("digest").asText());
		}
	}

	@Test
	void runtimeEventsMatchIndependentParser() throws Exception {
		VersionedAttestation attestation = VersionedAttestation.decode(VECTOR);
		JsonNode expected = EXPECTED.get("runtime_events");
		for (int i = 0; i < expected.size(); i++) {
			assertThat(attestation.runtimeEvents().get(i).event()).isEqualTo(expected.get(i).get("event").asText());
			assertThat(attestation.runtimeEvents().get(i).payloadHex()).isEqualTo(expected.get(i).get("payload").asText());
		}
		assertThat(attestation.appId()).contains("5bb4ff9a3837357f19dc176407a5709c62eb6c56");
		assertThat(attestation.composeHash()).contains("c143116fef3940e7f776bfc0919c256232ae5338a6e948c96b711e0b2383483a");
		assertThat(attestation.instanceId()).contains("1691ed1b47506cad7d08834668691d88246f5b1f");
		assertThat(attestation.runtimeEventHex("no-such-event")).isEmpty();
	}

	@Test
	void rejectsEveryTruncation() {
		for (int length = 0; length < VECTOR.length; length++) {
			byte[] truncated = Arrays.copyOf(VECTOR, length);
			int size = length;
			assertThatExceptionOfType(QuoteFormatException.class).as("length %d", size)
				.isThrownBy(() -> VersionedAttestation.decode(truncated));
		}
	}

	@Test
	void rejectsTrailingBytes() {
		byte[] extended = Arrays.copyOf(VECTOR, VECTOR.length + 1);
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> VersionedAttestation.decode(extended))
			.withMessageContaining("1 trailing bytes");
	}

	@Test
	void rejectsNonTdxPlatformVariant() {
		byte[] copy = VECTOR.clone();
		copy[1] = 3;
		assertThatExceptionOfType(UnsupportedAttestationFormatException.class)
			.isThrownBy(() -> VersionedAttestation.decode(copy))
			.withMessageContaining("platform sev-snp (AMD SEV-SNP, V0 variant 3 DstackAmdSevSnp)");
		copy[1] = 9;
		assertThatExceptionOfType(UnsupportedAttestationFormatException.class)
			.isThrownBy(() -> VersionedAttestation.decode(copy))
			.withMessageContaining("AttestationQuote variant 9, which dstack does not define");
	}

	@Test
	void aMsgpackMapPrefixSelectsTheV1Decoder() {
		// The SCALE vector behind a map prefix is no valid msgpack envelope: a typed refusal from the V1 decoder.
		for (int first : new int[] { 0x80, 0x83, 0x8f, 0xde, 0xdf }) {
			byte[] copy = VECTOR.clone();
			copy[0] = (byte) first;
			assertThatExceptionOfType(QuoteFormatException.class)
				.isThrownBy(() -> VersionedAttestation.decode(copy))
				.withMessageContaining("msgpack");
		}
	}

	@Test
	void refusesUnknownFormats() {
		byte[] copy = VECTOR.clone();
		copy[0] = 0x42;
		assertThatExceptionOfType(UnsupportedAttestationFormatException.class)
			.isThrownBy(() -> VersionedAttestation.decode(copy))
			.withMessage("Unknown attestation wire format (first byte 0x42)");
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> VersionedAttestation.decode(new byte[0]));
	}

	@Test
	void rejectsOversizedPayloadBeforeDecoding() {
		byte[] huge = new byte[VersionedAttestation.MAX_SIZE + 1];
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> VersionedAttestation.decode(huge))
			.withMessageContaining("more than");
	}

	@Test
	void corruptedInputOnlyEverFailsWithAttestationExceptions() {
		Random random = new Random(42);
		for (int i = 0; i < 2000; i++) {
			byte[] copy = VECTOR.clone();
			int flips = 1 + random.nextInt(4);
			for (int f = 0; f < flips; f++) {
				// Bias to the first kilobyte and the tail, where the length prefixes are.
				int position = random.nextBoolean() ? random.nextInt(Math.min(1024, copy.length))
						: 5014 + random.nextInt(copy.length - 5014);
				copy[position] = (byte) random.nextInt(256);
			}
			try {
				VersionedAttestation.decode(copy);
			}
			catch (AttestationException ex) {
				// expected kind of failure
			}
			catch (RuntimeException ex) {
				fail("unexpected " + ex + " for mutation " + i, ex);
			}
		}
	}

	@Test
	void decodesTheGcpTdxVariantWithItsVtpmQuote() throws Exception {
		VersionedAttestation tdx = VersionedAttestation.decode(VECTOR);
		ScaleWriter writer = new ScaleWriter().u8(0).u8(1).bytes(tdx.quote()).compact(0);
		// TpmQuote: message, signature, pcr_values [{index, algorithm, value}], ak_cert, platform (1 = gcp), event_log.
		writer.bytes(new byte[] { 7, 7 }).bytes(new byte[] { 8 }).compact(1).u32(14).string("sha256").bytes(new byte[32]);
		writer.bytes(new byte[] { 0x30 }).u8(1).compact(1).u32(14).bytes(new byte[32]);
		writer.compact(tdx.runtimeEvents().size());
		tdx.runtimeEvents().forEach((event) -> writer.string(event.event()).bytes(event.payload()));
		writer.raw(tdx.reportData()).string(tdx.config());
		VersionedAttestation gcp = VersionedAttestation.decode(writer.toByteArray());
		assertThat(gcp.format()).isEqualTo(AttestationFormat.V0);
		assertThat(gcp.platform()).isEqualTo(AttestationPlatform.GCP_TDX);
		assertThat(gcp.quote()).isEqualTo(tdx.quote());
		assertThat(gcp.runtimeEvents()).isEqualTo(tdx.runtimeEvents());
		VtpmQuote vtpm = gcp.vtpmQuote().orElseThrow();
		assertThat(vtpm.message()).containsExactly(7, 7);
		assertThat(vtpm.platform()).isEqualTo("gcp");
		assertThat(vtpm.pcrValues()).singleElement().satisfies((pcr) -> assertThat(pcr.algorithm()).isEqualTo("sha256"));
		assertThat(vtpm.eventLog()).hasSize(1);
	}

}
