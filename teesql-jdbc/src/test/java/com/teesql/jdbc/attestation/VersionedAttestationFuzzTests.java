package com.teesql.jdbc.attestation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.errors.UnsupportedAttestationFormatException;
import com.teesql.jdbc.support.ByteMutator;
import com.teesql.jdbc.support.Fuzz;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Fuzzes {@link VersionedAttestation#decode(byte[])} and the {@link ScaleReader} it is built on. Inputs are
 * mutations of the real V0 envelope (generic byte mutations, and rewrites of its compact lengths with boundary,
 * huge and non-canonical encodings), envelopes built from scratch, and random bytes. Sizes and seed: see
 * {@link Fuzz}.
 */
class VersionedAttestationFuzzTests {

	private static final byte[] VECTOR = TestVectors.bytes("versioned_attestation_v0.bin");

	/** Offset and encoded size of every compact integer in the vector, in order. */
	private static final List<int[]> COMPACTS = compactPositions(VECTOR);

	private static final ByteMutator MUTATOR = new ByteMutator(
			COMPACTS.stream().mapToInt((compact) -> compact[0]).toArray());

	private static final long[] COMPACT_BOUNDARIES = { 0, 1, 63, 64, 16383, 16384, (1L << 30) - 1, 1L << 30,
			0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL };

	@Test
	void decodeOnlyEverRefusesWithTypedExceptions() throws Exception {
		Fuzz.Outcomes outcomes = Fuzz.<byte[]>target("VersionedAttestation.decode")
			.accepting(QuoteFormatException.class, UnsupportedAttestationFormatException.class)
			.timeout(Duration.ofSeconds(2))
			.describedBy(ByteMutator::describe)
			.run(Fuzz.tries(1), VersionedAttestationFuzzTests::nextInput, VersionedAttestationFuzzTests::decodeAndRead);
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

	@Test
	void envelopesBuiltFromScratchDecodeToExactlyWhatWasEncoded() throws Exception {
		Fuzz.<Random>target("VersionedAttestation.decode round trip")
			.timeout(Duration.ofSeconds(2))
			.run(Fuzz.tries(0.3), (random) -> random, (random) -> {
				List<TdxEventLogEntry> events = new ArrayList<>();
				List<RuntimeEvent> runtimeEvents = new ArrayList<>();
				byte[] quote = ByteMutator.randomBytes(random, 300);
				byte[] reportData = new byte[64];
				random.nextBytes(reportData);
				String config = randomString(random, 100);
				ScaleWriter writer = new ScaleWriter().u8(0).u8(0).bytes(quote);
				int eventCount = random.nextInt(70);
				writer.compact(eventCount);
				for (int i = 0; i < eventCount; i++) {
					TdxEventLogEntry entry = new TdxEventLogEntry(random.nextLong() & 0xFFFFFFFFL,
							random.nextLong() & 0xFFFFFFFFL, ByteMutator.randomBytes(random, 48), randomString(random, 20),
							ByteMutator.randomBytes(random, random.nextBoolean() ? 20 : 300));
					events.add(entry);
					writer.u32(entry.imr()).u32(entry.eventType()).bytes(entry.digest()).string(entry.event())
						.bytes(entry.payload());
				}
				int runtimeCount = random.nextInt(20);
				writer.compact(runtimeCount);
				for (int i = 0; i < runtimeCount; i++) {
					RuntimeEvent event = new RuntimeEvent(randomString(random, 20), ByteMutator.randomBytes(random, 80));
					runtimeEvents.add(event);
					writer.string(event.event()).bytes(event.payload());
				}
				writer.raw(reportData).string(config);
				VersionedAttestation decoded = VersionedAttestation.decode(writer.toByteArray());
				assertThat(decoded.quote()).isEqualTo(quote);
				assertThat(decoded.reportData()).isEqualTo(reportData);
				assertThat(decoded.config()).isEqualTo(config);
				assertThat(decoded.eventLog()).hasSameSizeAs(events);
				for (int i = 0; i < events.size(); i++) {
					TdxEventLogEntry expected = events.get(i);
					TdxEventLogEntry actual = decoded.eventLog().get(i);
					assertThat(actual.imr()).isEqualTo(expected.imr());
					assertThat(actual.eventType()).isEqualTo(expected.eventType());
					assertThat(actual.digest()).isEqualTo(expected.digest());
					assertThat(actual.event()).isEqualTo(expected.event());
					assertThat(actual.payload()).isEqualTo(expected.payload());
				}
				assertThat(decoded.runtimeEvents()).hasSameSizeAs(runtimeEvents);
				for (int i = 0; i < runtimeEvents.size(); i++) {
					assertThat(decoded.runtimeEvents().get(i).event()).isEqualTo(runtimeEvents.get(i).event());
					assertThat(decoded.runtimeEvents().get(i).payload()).isEqualTo(runtimeEvents.get(i).payload());
				}
			});
	}

	@Test
	void compactIntegersRoundTripAndNonCanonicalFormsAreRefused() throws Exception {
		Fuzz.<Long>target("ScaleReader.compactU32")
			.timeout(Duration.ofSeconds(2))
			.run(Fuzz.tries(1), VersionedAttestationFuzzTests::compactValue, (value) -> {
				int canonical = ScaleWriter.canonicalMode(value);
				byte[] encoded = ScaleWriter.compact(value, canonical);
				ScaleReader reader = new ScaleReader(encoded);
				assertThat(reader.compactU32("value")).isEqualTo(value);
				assertThat(reader.position()).isEqualTo(encoded.length);
				for (int mode = canonical + 1; mode <= 3; mode++) {
					byte[] nonCanonical = ScaleWriter.compact(value, mode);
					assertThatExceptionOfType(QuoteFormatException.class)
						.isThrownBy(() -> new ScaleReader(nonCanonical).compactU32("value"))
						.withMessageContaining("non-canonical");
				}
				// A length can never promise more elements than the remaining bytes hold.
				byte[] withPayload = Arrays.copyOf(encoded, encoded.length + (int) Math.min(value, 100));
				if (value > 100) {
					assertThatExceptionOfType(QuoteFormatException.class)
						.isThrownBy(() -> new ScaleReader(withPayload).byteVector("vector"))
						.withMessageContaining("exceeds");
				}
				else {
					assertThat(new ScaleReader(withPayload).byteVector("vector")).hasSize(value.intValue());
				}
			});
	}

	@Test
	void scaleReaderOnRandomBytesOnlyEverRefusesWithQuoteFormatException() throws Exception {
		Fuzz.<byte[]>target("ScaleReader random reads")
			.accepting(QuoteFormatException.class)
			.timeout(Duration.ofSeconds(2))
			.describedBy(ByteMutator::describe)
			.run(Fuzz.tries(1), (random) -> ByteMutator.randomBytes(random, 64), (bytes) -> {
				ScaleReader reader = new ScaleReader(bytes);
				// The reads are chosen from the input itself so that each input replays the same sequence.
				Random operations = new Random(Arrays.hashCode(bytes));
				while (true) {
					int before = reader.remaining();
					switch (operations.nextInt(7)) {
						case 0 -> reader.u8("u8");
						case 1 -> reader.u32("u32");
						case 2 -> assertThat(reader.compactU32("compact")).isBetween(0L, 0xFFFFFFFFL);
						case 3 -> {
							int minElement = 1 + operations.nextInt(12);
							int length = reader.length("length", minElement);
							assertThat((long) length * minElement).isLessThanOrEqualTo(reader.remaining());
						}
						case 4 -> reader.byteVector("vector");
						case 5 -> reader.string("string");
						default -> reader.bytes(operations.nextInt(8), "bytes");
					}
					assertThat(reader.remaining()).isBetween(0, before);
					assertThat(reader.position() + reader.remaining()).isEqualTo(bytes.length);
				}
			});
	}

	static void decodeAndRead(byte[] input) throws QuoteFormatException, UnsupportedAttestationFormatException {
		VersionedAttestation attestation = VersionedAttestation.decode(input);
		assertThat(attestation.reportData()).hasSize(64);
		assertThat(attestation.quote().length).isLessThan(input.length);
		for (TdxEventLogEntry entry : attestation.eventLog()) {
			assertThat(entry.imr()).isBetween(0L, 0xFFFFFFFFL);
			entry.toString();
		}
		attestation.runtimeEvents().forEach(RuntimeEvent::payloadHex);
		attestation.appId();
		attestation.composeHash();
		attestation.instanceId();
		assertThat(attestation.toString()).startsWith("VersionedAttestation[");
		assertThat(attestation.config()).isNotNull();
	}

	static byte[] nextInput(Random random) {
		int kind = random.nextInt(10);
		if (kind < 4) {
			return MUTATOR.mutate(VECTOR, random);
		}
		if (kind < 8) {
			return rewriteCompacts(random);
		}
		byte[] bytes = ByteMutator.randomBytes(random, 2000);
		if (kind == 8 && bytes.length >= 2) {
			bytes[0] = 0;
			bytes[1] = 0;
		}
		return bytes;
	}

	/** Re-encode one to three of the vector's compact integers with another value and/or mode. */
	private static byte[] rewriteCompacts(Random random) {
		List<int[]> chosen = new ArrayList<>();
		int count = 1 + random.nextInt(3);
		for (int i = 0; i < count; i++) {
			chosen.add(COMPACTS.get(random.nextInt(COMPACTS.size())));
		}
		// Rewrite from the end so that earlier offsets stay valid.
		chosen.sort((a, b) -> Integer.compare(b[0], a[0]));
		byte[] bytes = VECTOR;
		int previous = -1;
		for (int[] compact : chosen) {
			if (compact[0] == previous) {
				continue;
			}
			previous = compact[0];
			byte[] replacement;
			if (random.nextInt(10) == 0) {
				// Big-integer mode announcing more than four bytes.
				replacement = new byte[] { (byte) (0b11 | (random.nextInt(64) << 2)), 1, 2, 3, 4, 5 };
			}
			else {
				long value = compactValue(random);
				int mode = random.nextBoolean() ? ScaleWriter.canonicalMode(value) : random.nextInt(4);
				replacement = ScaleWriter.compact(value, mode);
			}
			bytes = ByteMutator.splice(bytes, compact[0], compact[0] + compact[1], replacement);
		}
		return bytes;
	}

	private static long compactValue(Random random) {
		return switch (random.nextInt(3)) {
			case 0 -> COMPACT_BOUNDARIES[random.nextInt(COMPACT_BOUNDARIES.length)];
			case 1 -> random.nextInt(20000);
			default -> random.nextLong() & 0xFFFFFFFFL;
		};
	}

	private static String randomString(Random random, int maxLength) {
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(maxLength + 1);
		for (int i = 0; i < length; i++) {
			int codePoint = switch (random.nextInt(4)) {
				case 0 -> 0x20 + random.nextInt(0x5F);
				case 1 -> random.nextInt(0x800);
				case 2 -> 0x1F600 + random.nextInt(0x50);
				default -> 0xE000 + random.nextInt(0x1000);
			};
			text.appendCodePoint(codePoint);
		}
		// Only strings that survive UTF-8 unchanged (no lone surrogates are generated above).
		return new String(text.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
	}

	/** Walk the V0 structure, recording where each compact integer is. */
	private static List<int[]> compactPositions(byte[] vector) {
		try {
			List<int[]> positions = new ArrayList<>();
			ScaleReader reader = new ScaleReader(vector);
			reader.u8("tag");
			reader.u8("variant");
			byteVector(reader, positions);
			int events = (int) compact(reader, positions);
			for (int i = 0; i < events; i++) {
				reader.u32("imr");
				reader.u32("type");
				byteVector(reader, positions);
				byteVector(reader, positions);
				byteVector(reader, positions);
			}
			int runtimeEvents = (int) compact(reader, positions);
			for (int i = 0; i < runtimeEvents; i++) {
				byteVector(reader, positions);
				byteVector(reader, positions);
			}
			reader.bytes(64, "report data");
			byteVector(reader, positions);
			reader.requireFinished("vector");
			return positions;
		}
		catch (QuoteFormatException ex) {
			throw new IllegalStateException("the V0 vector does not decode", ex);
		}
	}

	private static long compact(ScaleReader reader, List<int[]> positions) throws QuoteFormatException {
		int start = reader.position();
		long value = reader.compactU32("compact");
		positions.add(new int[] { start, reader.position() - start });
		return value;
	}

	private static void byteVector(ScaleReader reader, List<int[]> positions) throws QuoteFormatException {
		reader.bytes((int) compact(reader, positions), "vector");
	}

}
