package com.teesql.jdbc.attestation;

import java.util.Arrays;

import com.teesql.jdbc.errors.QuoteFormatException;

/**
 * Bounds-checked little-endian reads over a quote, so that a truncated or lying length field always ends in a
 * {@link QuoteFormatException} that names the field rather than an index exception. A reader may end before the
 * quote does ({@link #blob}), so reads inside a length-prefixed blob cannot run past it.
 */
final class QuoteReader {

	private final byte[] data;

	private final int limit;

	QuoteReader(byte[] data, int limit) {
		this.data = data;
		this.limit = limit;
	}

	int u16(int offset, String field) throws QuoteFormatException {
		require(offset, 2, field);
		return (this.data[offset] & 0xFF) | (this.data[offset + 1] & 0xFF) << 8;
	}

	long u32(int offset, String field) throws QuoteFormatException {
		require(offset, 4, field);
		return (this.data[offset] & 0xFFL) | (this.data[offset + 1] & 0xFFL) << 8 | (this.data[offset + 2] & 0xFFL) << 16
				| (this.data[offset + 3] & 0xFFL) << 24;
	}

	byte[] bytes(int offset, long length, String field) throws QuoteFormatException {
		require(offset, length, field);
		return Arrays.copyOfRange(this.data, offset, offset + (int) length);
	}

	QuoteReader blob(int offset, long length, String field) throws QuoteFormatException {
		require(offset, length, field);
		return new QuoteReader(this.data, (int) (offset + length));
	}

	void require(int offset, long length, String field) throws QuoteFormatException {
		if (offset < 0 || length < 0 || offset + length > this.limit) {
			throw new QuoteFormatException("quote truncated: " + field + " needs " + length + " bytes at offset "
					+ offset + " but only " + Math.max(0, this.limit - offset) + " remain");
		}
	}

}
