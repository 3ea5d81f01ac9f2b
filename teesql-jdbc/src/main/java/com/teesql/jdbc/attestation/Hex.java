package com.teesql.jdbc.attestation;

import java.util.HexFormat;

/**
 * Hex helpers used for measurements, digests and the cluster secret. Only ASCII hex digits ({@code 0-9 a-f A-F}) are
 * hex here: {@link Character#digit(char, int)} also accepts the digits of other scripts (full-width {@code ０}, Arabic
 * {@code ٠}, ...), which would let a value that is not hex pass a check and then fail, or differ, further on.
 */
public final class Hex {

	private static final HexFormat LOWER = HexFormat.of();

	private Hex() {
	}

	/**
	 * Encode bytes as lowercase hex.
	 * @param bytes the bytes
	 * @return the hex string
	 */
	public static String encode(byte[] bytes) {
		return LOWER.formatHex(bytes);
	}

	/**
	 * Decode hex (either case).
	 * @param hex the hex string
	 * @return the bytes
	 * @throws IllegalArgumentException if the input is not hex
	 */
	public static byte[] decode(String hex) {
		return LOWER.parseHex(hex);
	}

	/**
	 * The value of an ASCII hex digit.
	 * @param c the character
	 * @return 0-15, or -1 if {@code c} is not one of {@code 0-9 a-f A-F}
	 */
	public static int digit(char c) {
		return HexFormat.isHexDigit(c) ? HexFormat.fromHexDigit(c) : -1;
	}

	/**
	 * Whether a value is exactly {@code length} ASCII hex digits (either case).
	 * @param value the candidate, may be {@code null}
	 * @param length the required number of characters
	 * @return {@code true} if it is
	 */
	public static boolean isHex(CharSequence value, int length) {
		if (value == null || value.length() != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (!HexFormat.isHexDigit(value.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Shorten a hex string for messages: the first and last 16 characters.
	 * @param hex the hex string
	 * @return the abbreviation
	 */
	public static String abbreviate(String hex) {
		return (hex.length() <= 40) ? hex : hex.substring(0, 16) + "\u2026" + hex.substring(hex.length() - 16);
	}

}
