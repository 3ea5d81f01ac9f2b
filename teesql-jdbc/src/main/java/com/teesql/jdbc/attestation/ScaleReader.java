package com.teesql.jdbc.attestation;

import java.nio.charset.CharacterCodingException;
import java.util.Arrays;

import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.text.StrictUtf8;

/**
 * Strict reader for the SCALE (parity-scale-codec) encoding used by dstack's {@code VersionedAttestation} V0.
 * Every length is checked against the remaining bytes before anything is allocated, and non-canonical compact
 * integers are refused, so hostile input cannot cause large allocations or ambiguous decodings.
 */
public final class ScaleReader {

	private final byte[] data;

	private int position;

	public ScaleReader(byte[] data) {
		this.data = data;
	}

	public int position() {
		return this.position;
	}

	public int remaining() {
		return this.data.length - this.position;
	}

	/**
	 * Read one unsigned byte.
	 * @param field the field name for error messages
	 * @return the value
	 * @throws QuoteFormatException if no byte is left
	 */
	public int u8(String field) throws QuoteFormatException {
		require(1, field);
		return this.data[this.position++] & 0xff;
	}

	/**
	 * Read a little-endian {@code u32}.
	 * @param field the field name for error messages
	 * @return the value (0 to 2^32-1)
	 * @throws QuoteFormatException if fewer than 4 bytes are left
	 */
	public long u32(String field) throws QuoteFormatException {
		require(4, field);
		long value = (this.data[this.position] & 0xffL) | ((this.data[this.position + 1] & 0xffL) << 8)
				| ((this.data[this.position + 2] & 0xffL) << 16) | ((this.data[this.position + 3] & 0xffL) << 24);
		this.position += 4;
		return value;
	}

	/**
	 * Read a {@code Compact<u32>} in any of its four modes, rejecting non-canonical encodings.
	 * @param field the field name for error messages
	 * @return the value (0 to 2^32-1)
	 * @throws QuoteFormatException if truncated, out of range or non-canonical
	 */
	public long compactU32(String field) throws QuoteFormatException {
		int start = this.position;
		int first = u8(field);
		long value;
		switch (first & 0b11) {
			case 0b00 -> value = first >>> 2;
			case 0b01 -> {
				int second = u8(field);
				value = ((first | (second << 8)) & 0xffff) >>> 2;
				checkCanonical(value, 1L << 6, field, start);
			}
			case 0b10 -> {
				this.position--;
				long raw = u32(field);
				value = raw >>> 2;
				checkCanonical(value, 1L << 14, field, start);
			}
			default -> {
				int length = (first >>> 2) + 4;
				if (length != 4) {
					throw new QuoteFormatException("SCALE " + field + " at offset " + start + ": compact integer of "
							+ length + " bytes does not fit u32");
				}
				value = u32(field);
				checkCanonical(value, 1L << 30, field, start);
			}
		}
		return value;
	}

	private static void checkCanonical(long value, long minimum, String field, int offset)
			throws QuoteFormatException {
		if (value < minimum) {
			throw new QuoteFormatException(
					"SCALE " + field + " at offset " + offset + ": non-canonical compact integer " + value);
		}
	}

	/**
	 * Read a compact length and check it against the remaining bytes (each element takes at least
	 * {@code minElementSize} bytes).
	 * @param field the field name
	 * @param minElementSize the minimum encoded size of one element
	 * @return the length
	 * @throws QuoteFormatException if the length cannot fit in the remaining bytes
	 */
	public int length(String field, int minElementSize) throws QuoteFormatException {
		int start = this.position;
		long length = compactU32(field);
		if (length * Math.max(1, minElementSize) > remaining()) {
			throw new QuoteFormatException("SCALE " + field + " at offset " + start + ": length " + length
					+ " exceeds the " + remaining() + " remaining bytes");
		}
		return (int) length;
	}

	/**
	 * Read exactly {@code count} raw bytes.
	 * @param count the number of bytes
	 * @param field the field name
	 * @return a copy of the bytes
	 * @throws QuoteFormatException if fewer bytes are left
	 */
	public byte[] bytes(int count, String field) throws QuoteFormatException {
		require(count, field);
		byte[] out = Arrays.copyOfRange(this.data, this.position, this.position + count);
		this.position += count;
		return out;
	}

	/**
	 * Read a {@code Vec<u8>}.
	 * @param field the field name
	 * @return the bytes
	 * @throws QuoteFormatException if malformed
	 */
	public byte[] byteVector(String field) throws QuoteFormatException {
		return bytes(length(field, 1), field);
	}

	/**
	 * Read a {@code String} (compact length, strict UTF-8).
	 * @param field the field name
	 * @return the string
	 * @throws QuoteFormatException if malformed
	 */
	public String string(String field) throws QuoteFormatException {
		int start = this.position;
		byte[] bytes = byteVector(field);
		try {
			return StrictUtf8.decode(bytes);
		}
		catch (CharacterCodingException ex) {
			throw new QuoteFormatException("SCALE " + field + " at offset " + start + " is not valid UTF-8");
		}
	}

	/**
	 * Require that every byte has been consumed.
	 * @param what the structure name
	 * @throws QuoteFormatException if bytes remain
	 */
	public void requireFinished(String what) throws QuoteFormatException {
		if (remaining() != 0) {
			throw new QuoteFormatException(what + ": " + remaining() + " trailing bytes at offset " + this.position);
		}
	}

	private void require(int count, String field) throws QuoteFormatException {
		if (count < 0 || count > remaining()) {
			throw new QuoteFormatException("SCALE " + field + " at offset " + this.position + ": needs " + count
					+ " bytes but only " + remaining() + " remain (truncated)");
		}
	}

}
