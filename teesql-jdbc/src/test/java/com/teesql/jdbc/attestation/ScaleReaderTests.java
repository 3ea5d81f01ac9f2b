package com.teesql.jdbc.attestation;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.QuoteFormatException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ScaleReaderTests {

	private static long compact(String hex) throws Exception {
		ScaleReader reader = new ScaleReader(Hex.decode(hex));
		long value = reader.compactU32("value");
		reader.requireFinished("test");
		return value;
	}

	@Test
	void decodesAllFourCompactModes() throws Exception {
		assertThat(compact("00")).isZero();
		assertThat(compact("fc")).isEqualTo(63);
		assertThat(compact("0101")).isEqualTo(64);
		assertThat(compact("fdff")).isEqualTo(16383);
		assertThat(compact("494e")).isEqualTo(5010);
		assertThat(compact("394e")).isEqualTo(5006);
		assertThat(compact("02000100")).isEqualTo(16384);
		assertThat(compact("feffffff")).isEqualTo((1L << 30) - 1);
		assertThat(compact("0300000040")).isEqualTo(1L << 30);
		assertThat(compact("03ffffffff")).isEqualTo(0xffffffffL);
	}

	@Test
	void rejectsNonCanonicalCompactIntegers() {
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> compact("0100"))
			.withMessageContaining("non-canonical");
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> compact("02010000"))
			.withMessageContaining("non-canonical");
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> compact("0300000000"))
			.withMessageContaining("non-canonical");
	}

	@Test
	void rejectsCompactIntegersBeyondU32() {
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> compact("070000000001"))
			.withMessageContaining("does not fit u32");
	}

	@Test
	void rejectsTruncation() {
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> compact("01"))
			.withMessageContaining("truncated");
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> compact("020000"))
			.withMessageContaining("truncated");
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> compact("03ffff"))
			.withMessageContaining("truncated");
		assertThatExceptionOfType(QuoteFormatException.class)
			.isThrownBy(() -> new ScaleReader(Hex.decode("0c0102")).byteVector("quote"))
			.withMessageContaining("quote")
			.withMessageContaining("exceeds");
	}

	@Test
	void readsVectorsStringsAndU32() throws Exception {
		ScaleReader reader = new ScaleReader(Hex.decode("0c686921040102030405"));
		assertThat(reader.string("name")).isEqualTo("hi!");
		assertThat(reader.byteVector("v")).containsExactly(1);
		assertThat(reader.u32("n")).isEqualTo(0x05040302L);
		assertThat(reader.remaining()).isZero();
	}

	@Test
	void rejectsInvalidUtf8() {
		assertThatExceptionOfType(QuoteFormatException.class)
			.isThrownBy(() -> new ScaleReader(Hex.decode("08c328")).string("event"))
			.withMessageContaining("UTF-8");
	}

	@Test
	void rejectsTrailingBytes() throws Exception {
		ScaleReader reader = new ScaleReader(Hex.decode("0000"));
		reader.u8("a");
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> reader.requireFinished("thing"))
			.withMessage("thing: 1 trailing bytes at offset 1");
	}

}
