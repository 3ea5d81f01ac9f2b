package com.teesql.jdbc.attestation;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.errors.UnsupportedAttestationFormatException;
import com.teesql.jdbc.support.ByteMutator;
import com.teesql.jdbc.support.Fuzz;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the V1 (msgpack) envelope decoder with random bytes behind a map prefix and with mutations of valid
 * envelopes of every supported platform and stack: only typed refusals, never a library exception, a hang or a
 * large allocation; whatever is accepted is self-consistent.
 */
class MsgpackAttestationDecoderFuzzTests {

	private static final List<byte[]> SEEDS = seeds();

	private static final ByteMutator MUTATOR = new ByteMutator();

	private static List<byte[]> seeds() {
		try {
			VersionedAttestation v0 = VersionedAttestation.decode(TestVectors.bytes("versioned_attestation_v0.bin"));
			List<RuntimeEvent> events = v0.runtimeEvents()
				.stream()
				.map((e) -> new RuntimeEvent(e.event(), e.payload(), (e.event().length() % 2 == 0) ? EventLogVersion.V2 : EventLogVersion.V1))
				.toList();
			byte[] quote = v0.quote();
			return List.of(V1Envelopes.pack(V1Envelopes.attestation("tdx", quote, events, v0.reportData(), "dstack", null)),
					V1Envelopes.pack(V1Envelopes.attestation("gcp-tdx", quote, events, v0.reportData(), "dstack-pod", "{}")));
		}
		catch (AttestationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void decodeOnlyEverRefusesWithTypedExceptions() throws Exception {
		Fuzz.Outcomes outcomes = Fuzz.<byte[]>target("MsgpackAttestationDecoder")
			.accepting(QuoteFormatException.class, UnsupportedAttestationFormatException.class)
			.timeout(Duration.ofSeconds(2))
			.describedBy(ByteMutator::describe)
			.run(Fuzz.tries(1), MsgpackAttestationDecoderFuzzTests::nextInput, (bytes) -> {
				VersionedAttestation decoded = VersionedAttestation.decode(bytes);
				assertThat(decoded.format()).isEqualTo(AttestationFormat.V1);
				assertThat(decoded.reportData()).hasSize(64);
				assertThat(decoded.platform().supported()).isTrue();
				assertThat(decoded.reportDataPayload().isPresent()).isEqualTo(decoded.stack() == StackKind.DSTACK_POD);
				Rtmr3Replay.replay(decoded.runtimeEvents());
				assertThat(decoded.toString()).startsWith("VersionedAttestation[V1");
			});
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

	static byte[] nextInput(Random random) {
		int choice = random.nextInt(10);
		if (choice == 0) {
			byte[] bytes = ByteMutator.randomBytes(random, 256);
			if (bytes.length > 0) {
				bytes[0] = (byte) (0x80 + random.nextInt(16));
			}
			return bytes;
		}
		byte[] seed = SEEDS.get(random.nextInt(SEEDS.size()));
		return (choice == 1) ? seed : MUTATOR.mutate(seed, random);
	}

}
