package com.teesql.devcluster.platform;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the subset of the SCALE codec (parity-scale-codec) that dstack's {@code VersionedAttestation} V0 uses:
 * {@code u8}, little-endian {@code u32}, {@code Compact<u32>} in all four modes, {@code Vec<u8>}, {@code String} and
 * fixed-size byte arrays.
 */
public final class ScaleWriter {

	private static final long MAX_U32 = 0xFFFF_FFFFL;

	private static final long MAX_SINGLE_BYTE = (1L << 6) - 1;

	private static final long MAX_TWO_BYTE = (1L << 14) - 1;

	private static final long MAX_FOUR_BYTE = (1L << 30) - 1;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	/**
	 * Writes one byte, e.g. an enum variant index.
	 * @param value a value in 0..255
	 * @return this writer
	 */
	public ScaleWriter u8(int value) {
		if (value < 0 || value > 0xFF) {
			throw new IllegalArgumentException("u8 out of range: " + value);
		}
		this.out.write(value);
		return this;
	}

	/**
	 * Writes a {@code u32} as four little-endian bytes.
	 * @param value a value in 0..2^32-1
	 * @return this writer
	 */
	public ScaleWriter u32(long value) {
		checkU32(value);
		writeLittleEndian(value, 4);
		return this;
	}

	/**
	 * Writes a {@code Compact<u32>}, choosing the shortest of the four modes.
	 * @param value a value in 0..2^32-1
	 * @return this writer
	 */
	public ScaleWriter compact(long value) {
		checkU32(value);
		if (value <= MAX_SINGLE_BYTE) {
			writeLittleEndian(value << 2, 1);
		}
		else if (value <= MAX_TWO_BYTE) {
			writeLittleEndian((value << 2) | 0b01, 2);
		}
		else if (value <= MAX_FOUR_BYTE) {
			writeLittleEndian((value << 2) | 0b10, 4);
		}
		else {
			// Big-integer mode: the prefix byte carries (byte count - 4); a u32 always needs exactly 4 bytes here.
			this.out.write(0b11);
			writeLittleEndian(value, 4);
		}
		return this;
	}

	/**
	 * Writes a {@code Vec<u8>}: compact length, then the bytes.
	 * @param bytes the bytes
	 * @return this writer
	 */
	public ScaleWriter bytes(byte[] bytes) {
		compact(bytes.length);
		this.out.writeBytes(bytes);
		return this;
	}

	/**
	 * Writes a {@code String}: compact length of the UTF-8 encoding, then the UTF-8 bytes.
	 * @param value the string
	 * @return this writer
	 */
	public ScaleWriter string(String value) {
		return bytes(value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Writes a fixed-size array such as {@code [u8; 64]}: the bytes only, no length.
	 * @param bytes the bytes
	 * @param expectedLength the array size the type declares
	 * @return this writer
	 */
	public ScaleWriter fixed(byte[] bytes, int expectedLength) {
		if (bytes.length != expectedLength) {
			throw new IllegalArgumentException(
					"fixed-size array must be " + expectedLength + " bytes but was " + bytes.length);
		}
		this.out.writeBytes(bytes);
		return this;
	}

	/**
	 * Returns the bytes written so far.
	 * @return a copy of the encoded bytes
	 */
	public byte[] toByteArray() {
		return this.out.toByteArray();
	}

	private void writeLittleEndian(long value, int byteCount) {
		for (int i = 0; i < byteCount; i++) {
			this.out.write((int) (value >>> (8 * i)) & 0xFF);
		}
	}

	private static void checkU32(long value) {
		if (value < 0 || value > MAX_U32) {
			throw new IllegalArgumentException("u32 out of range: " + value);
		}
	}

}
