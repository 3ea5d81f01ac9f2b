package com.teesql.jdbc.support;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * Mutations of real binary inputs for fuzzing: bit flips, truncations, insertions, deletions, duplicated chunks and
 * corruption of known little-endian length fields with boundary values. Pure functions of the given random source.
 */
public final class ByteMutator {

	/** Values a length field is most likely to be mishandled at. */
	private static final long[] BOUNDARY_VALUES = { 0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
			0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, 0xFFFFFFFEL, 0x3FFFFFFFL, 0x40000000L };

	private final int[] lengthFieldOffsets;

	/**
	 * @param lengthFieldOffsets offsets of the input's {@code u16}/{@code u32} length or type fields (may be empty)
	 */
	public ByteMutator(int... lengthFieldOffsets) {
		this.lengthFieldOffsets = lengthFieldOffsets.clone();
	}

	/**
	 * Apply one to four random mutations.
	 * @param original the input (not modified)
	 * @param random the random source
	 * @return the mutated copy
	 */
	public byte[] mutate(byte[] original, Random random) {
		byte[] bytes = original.clone();
		int rounds = 1 + random.nextInt(4);
		for (int i = 0; i < rounds; i++) {
			bytes = mutateOnce(bytes, random);
		}
		return bytes;
	}

	private byte[] mutateOnce(byte[] bytes, Random random) {
		int kind = random.nextInt((this.lengthFieldOffsets.length > 0) ? 8 : 7);
		return switch (kind) {
			case 0, 1 -> flipBits(bytes, random);
			case 2 -> Arrays.copyOf(bytes, (bytes.length == 0) ? 0 : random.nextInt(bytes.length));
			case 3 -> insert(bytes, random);
			case 4 -> delete(bytes, random);
			case 5 -> duplicateChunk(bytes, random);
			case 6 -> overwriteWithBoundary(bytes, random.nextInt(Math.max(1, bytes.length)), random);
			default -> overwriteWithBoundary(bytes,
					this.lengthFieldOffsets[random.nextInt(this.lengthFieldOffsets.length)], random);
		};
	}

	private static byte[] flipBits(byte[] bytes, Random random) {
		if (bytes.length == 0) {
			return bytes;
		}
		int flips = 1 + random.nextInt(8);
		for (int i = 0; i < flips; i++) {
			bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
		}
		return bytes;
	}

	private static byte[] insert(byte[] bytes, Random random) {
		int at = random.nextInt(bytes.length + 1);
		byte[] inserted = new byte[1 + random.nextInt(random.nextBoolean() ? 8 : 256)];
		random.nextBytes(inserted);
		return splice(bytes, at, at, inserted);
	}

	private static byte[] delete(byte[] bytes, Random random) {
		if (bytes.length == 0) {
			return bytes;
		}
		int from = random.nextInt(bytes.length);
		int to = Math.min(bytes.length, from + 1 + random.nextInt(random.nextBoolean() ? 8 : 512));
		return splice(bytes, from, to, new byte[0]);
	}

	private static byte[] duplicateChunk(byte[] bytes, Random random) {
		if (bytes.length == 0) {
			return bytes;
		}
		int from = random.nextInt(bytes.length);
		int to = Math.min(bytes.length, from + 1 + random.nextInt(1024));
		byte[] chunk = Arrays.copyOfRange(bytes, from, to);
		int at = random.nextInt(bytes.length + 1);
		return splice(bytes, at, at, chunk);
	}

	/** Writes a boundary value, or the field's current value plus or minus a little, as u16 or u32. */
	private static byte[] overwriteWithBoundary(byte[] bytes, int offset, Random random) {
		int width = random.nextBoolean() ? 4 : 2;
		if (offset < 0 || offset + width > bytes.length) {
			return bytes;
		}
		long current = readLe(bytes, offset, width);
		long value = switch (random.nextInt(3)) {
			case 0 -> BOUNDARY_VALUES[random.nextInt(BOUNDARY_VALUES.length)];
			case 1 -> current + random.nextInt(17) - 8;
			default -> current ^ (1L << random.nextInt(width * 8));
		};
		for (int i = 0; i < width; i++) {
			bytes[offset + i] = (byte) (value >>> (8 * i));
		}
		return bytes;
	}

	private static long readLe(byte[] bytes, int offset, int width) {
		long value = 0;
		for (int i = width - 1; i >= 0; i--) {
			value = (value << 8) | (bytes[offset + i] & 0xFF);
		}
		return value;
	}

	/**
	 * Replace {@code bytes[from, to)} with {@code replacement}.
	 * @param bytes the input
	 * @param from start of the replaced range
	 * @param to end of the replaced range
	 * @param replacement the new bytes
	 * @return a new array
	 */
	public static byte[] splice(byte[] bytes, int from, int to, byte[] replacement) {
		byte[] out = new byte[bytes.length - (to - from) + replacement.length];
		System.arraycopy(bytes, 0, out, 0, from);
		System.arraycopy(replacement, 0, out, from, replacement.length);
		System.arraycopy(bytes, to, out, from + replacement.length, bytes.length - to);
		return out;
	}

	/**
	 * Random bytes of a random length up to {@code maxLength}.
	 * @param random the random source
	 * @param maxLength the maximum length
	 * @return the bytes
	 */
	public static byte[] randomBytes(Random random, int maxLength) {
		byte[] bytes = new byte[random.nextInt(maxLength + 1)];
		random.nextBytes(bytes);
		return bytes;
	}

	/**
	 * Short description of an input for failure messages: its length and its first bytes in hex.
	 * @param bytes the input
	 * @return the description
	 */
	public static String describe(byte[] bytes) {
		int shown = Math.min(bytes.length, 96);
		return bytes.length + " bytes: " + HexFormat.of().formatHex(bytes, 0, shown) + ((shown < bytes.length) ? "…" : "");
	}

}
