package com.teesql.jdbc.attestation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Minimal SCALE encoder for tests, independent of {@link ScaleReader}: builds envelopes from scratch and writes
 * compact integers in a chosen (possibly non-canonical) mode.
 */
final class ScaleWriter {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	ScaleWriter u8(int value) {
		this.out.write(value);
		return this;
	}

	ScaleWriter u32(long value) {
		for (int i = 0; i < 4; i++) {
			this.out.write((int) (value >>> (8 * i)));
		}
		return this;
	}

	/** Canonical compact encoding. */
	ScaleWriter compact(long value) {
		return raw(compact(value, canonicalMode(value)));
	}

	ScaleWriter bytes(byte[] value) {
		compact(value.length);
		return raw(value);
	}

	ScaleWriter string(String value) {
		return bytes(value.getBytes(StandardCharsets.UTF_8));
	}

	ScaleWriter raw(byte[] value) {
		this.out.writeBytes(value);
		return this;
	}

	byte[] toByteArray() {
		return this.out.toByteArray();
	}

	static int canonicalMode(long value) {
		if (value < (1L << 6)) {
			return 0;
		}
		if (value < (1L << 14)) {
			return 1;
		}
		return (value < (1L << 30)) ? 2 : 3;
	}

	/**
	 * Encode {@code value} (0 to 2^32-1) in the given compact mode; a mode too small for the value truncates it, a
	 * larger one than canonical gives a non-canonical encoding.
	 */
	static byte[] compact(long value, int mode) {
		return switch (mode) {
			case 0 -> new byte[] { (byte) (value << 2) };
			case 1 -> {
				long v = (value << 2) | 0b01;
				yield new byte[] { (byte) v, (byte) (v >>> 8) };
			}
			case 2 -> {
				long v = (value << 2) | 0b10;
				yield new byte[] { (byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24) };
			}
			default -> new byte[] { 0b11, (byte) value, (byte) (value >>> 8), (byte) (value >>> 16),
					(byte) (value >>> 24) };
		};
	}

}
