package com.teesql.devcluster.platform;

import java.util.HexFormat;

import com.teesql.testsupport.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ScaleWriterTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "0, 00", "1, 04", "63, fc", "64, 0101", "5006, 394e", "5010, 494e", "16383, fdff",
			"16384, 02000100", "1073741823, feffffff", "1073741824, 0300000040", "4294967295, 03ffffffff" })
	void compactUsesTheShortestMode(long value, String expectedHex) {
		byte[] encoded = new ScaleWriter().compact(value).toByteArray();
		assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(expectedHex);
		assertThat(new TestScaleReader(encoded).compact()).isEqualTo(value);
	}

	@Test
	void compactRejectsValuesOutsideU32() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ScaleWriter().compact(-1)).withMessageContaining("-1");
		assertThatIllegalArgumentException().isThrownBy(() -> new ScaleWriter().compact(1L << 32))
			.withMessageContaining("4294967296");
	}

	@Test
	void u32IsLittleEndian() {
		assertThat(new ScaleWriter().u32(0x08000001L).toByteArray()).containsExactly(0x01, 0x00, 0x00, 0x08);
	}

	@Test
	void vecAndStringArePrefixedWithCompactLength() {
		byte[] encoded = new ScaleWriter().bytes(new byte[] { 1, 2, 3 }).string("é").toByteArray();
		assertThat(HexFormat.of().formatHex(encoded)).isEqualTo("0c010203" + "08c3a9");
	}

	@Test
	void fixedArrayMustHaveItsDeclaredLength() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ScaleWriter().fixed(new byte[63], 64))
			.withMessageContaining("64").withMessageContaining("63");
	}

	@Test
	void reencodingTheRealDstackEnvelopeReproducesItByteForByte() {
		byte[] vector = TestVectors.bytes("versioned_attestation_v0.bin");
		TestScaleReader.DecodedAttestation decoded = TestScaleReader.decodeV0(vector);
		assertThat(decoded.quote()).hasSize(5010);
		assertThat(decoded.eventLog()).hasSize(33);
		assertThat(decoded.runtimeEvents()).hasSize(9);
		byte[] reencoded = VersionedAttestationEncoder.encodeV0(decoded.quote(), decoded.eventLog(),
				decoded.runtimeEvents(), decoded.reportData(), decoded.config());
		assertThat(reencoded).isEqualTo(vector);
	}

	@Test
	void runtimeEventDigestsAndReplayMatchTheRealDstackVector() {
		TestScaleReader.DecodedAttestation decoded = TestScaleReader
			.decodeV0(TestVectors.bytes("versioned_attestation_v0.bin"));
		var imr3Entries = decoded.eventLog().stream().filter((event) -> event.imr() == 3).toList();
		assertThat(imr3Entries).hasSameSizeAs(decoded.runtimeEvents());
		for (int i = 0; i < imr3Entries.size(); i++) {
			assertThat(decoded.runtimeEvents().get(i).toTdxEvent()).isEqualTo(imr3Entries.get(i));
		}
		byte[] quotedRtmr3 = new TestQuoteReader(decoded.quote())
			.measurement(com.teesql.jdbc.attestation.TdxQuoteLayout.RTMR3);
		assertThat(RuntimeEvent.replay(decoded.runtimeEvents())).isEqualTo(quotedRtmr3);
	}

}
