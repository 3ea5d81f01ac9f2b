package com.teesql.jdbc.attestation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Hex}: only ASCII digits are hex digits.
 */
class HexTests {

	@Test
	void digitReadsAsciiHexInEitherCase() {
		String digits = "0123456789abcdefABCDEF";
		int[] values = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 10, 11, 12, 13, 14, 15 };
		for (int i = 0; i < digits.length(); i++) {
			assertThat(Hex.digit(digits.charAt(i))).as(digits.substring(i, i + 1)).isEqualTo(values[i]);
		}
	}

	@Test
	void digitsOfOtherScriptsAreNotHex() {
		// Character.digit(c, 16) accepts every one of these.
		for (char c : new char[] { '\uFF10', '\uFF19', '\uFF21', '\uFF41', '\u0660', '\u06F5', '\u0966', '\u1810' }) {
			assertThat(Character.digit(c, 16)).as("Character.digit(U+%04X)", (int) c).isNotNegative();
			assertThat(Hex.digit(c)).as("U+%04X", (int) c).isEqualTo(-1);
		}
		for (char c : new char[] { 'g', 'G', '/', ':', '@', '`', ' ', '\0' }) {
			assertThat(Hex.digit(c)).as("'%s'", c).isEqualTo(-1);
		}
	}

	@Test
	void isHexChecksLengthAndEveryCharacter() {
		assertThat(Hex.isHex("00ff", 4)).isTrue();
		assertThat(Hex.isHex("00FF", 4)).isTrue();
		assertThat(Hex.isHex("00ff", 3)).isFalse();
		assertThat(Hex.isHex("00fg", 4)).isFalse();
		assertThat(Hex.isHex("\uFF10\uFF10\uFF10\uFF10", 4)).isFalse();
		assertThat(Hex.isHex(null, 0)).isFalse();
		assertThat(Hex.isHex("", 0)).isTrue();
	}

}
