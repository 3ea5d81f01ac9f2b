package com.teesql.jdbc.attestation;

import java.security.MessageDigest;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays TDX event logs into RTMR0..3: boot events by their logged digest, runtime events by the digest
 * recomputed from name, payload and version.
 */
class TdxEventLogReplayTests {

	@Test
	void theRealEnvelopesLogReplaysItsRuntimeEventsToRtmr3() throws Exception {
		VersionedAttestation vector = VersionedAttestation.decode(TestVectors.bytes("versioned_attestation_v0.bin"));
		TdxQuote quote = TdxQuote.parse(vector.quote());
		byte[][] replayed = TdxEventLogReplay.replay(vector.eventLog());
		assertThat(replayed[3]).isEqualTo(quote.rtmr(3)).isEqualTo(Rtmr3Replay.replay(vector.runtimeEvents()));
		assertThat(TdxEventLogReplay.matches(vector.eventLog(), quote)[3]).isTrue();
	}

	@Test
	void bootEventsExtendTheirRegisterWithTheLoggedDigest() throws Exception {
		byte[] first = new byte[48];
		byte[] second = new byte[48];
		first[0] = 1;
		second[0] = 2;
		List<TdxEventLogEntry> log = List.of(new TdxEventLogEntry(0, 10, first, "acpi-loader", new byte[0]),
				new TdxEventLogEntry(2, 4, second, "", new byte[0]),
				new TdxEventLogEntry(0, 10, second, "acpi-rsdp", new byte[0]),
				new TdxEventLogEntry(3, 0x08000001L, new byte[0], "app-id", new byte[] { 9 }, EventLogVersion.V2, null));
		MessageDigest sha384 = MessageDigest.getInstance("SHA-384");
		sha384.update(new byte[48]);
		byte[] rtmr0 = sha384.digest(first);
		sha384.update(rtmr0);
		rtmr0 = sha384.digest(second);
		sha384.update(new byte[48]);
		byte[] rtmr2 = sha384.digest(second);
		byte[][] replayed = TdxEventLogReplay.replay(log);
		assertThat(replayed[0]).isEqualTo(rtmr0);
		assertThat(replayed[1]).isEqualTo(new byte[48]);
		assertThat(replayed[2]).isEqualTo(rtmr2);
		assertThat(replayed[3])
			.isEqualTo(Rtmr3Replay.replay(List.of(new RuntimeEvent("app-id", new byte[] { 9 }, EventLogVersion.V2))));
	}

}
