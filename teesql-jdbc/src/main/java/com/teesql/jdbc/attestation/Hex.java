package com.teesql.jdbc.attestation;

import java.util.HexFormat;

/**
 * Lowercase hex helpers used for measurements and digests.
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
	 * Shorten a hex string for messages: the first and last 16 characters.
	 * @param hex the hex string
	 * @return the abbreviation
	 */
	public static String abbreviate(String hex) {
		return (hex.length() <= 40) ? hex : hex.substring(0, 16) + "\u2026" + hex.substring(hex.length() - 16);
	}

}
