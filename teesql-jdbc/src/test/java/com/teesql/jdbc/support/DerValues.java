package com.teesql.jdbc.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Content mutations of DER structures (certificates, CRLs) for fuzzing: unlike random byte mutations, which mostly
 * break the encoding and are refused by the parser, these change one bit inside the value of a primitive element
 * (a serial number, a date, a name, a key, an extension, a signature) and leave every tag and length intact, so that
 * the result still parses and only its meaning differs.
 */
public final class DerValues {

	private DerValues() {
	}

	/**
	 * Flip one bit in the value of a randomly chosen primitive element.
	 * @param der a DER structure
	 * @param random the random source
	 * @return the changed copy (a plain copy if the structure has no primitive value)
	 */
	public static byte[] flipOneBit(byte[] der, Random random) {
		byte[] copy = der.clone();
		List<int[]> values = primitiveValues(copy);
		if (values.isEmpty()) {
			return copy;
		}
		int[] value = values.get(random.nextInt(values.size()));
		copy[value[0] + random.nextInt(value[1])] ^= (byte) (1 << random.nextInt(8));
		return copy;
	}

	/**
	 * The primitive values of a DER structure.
	 * @param der the structure
	 * @return {@code {offset, length}} of every non-empty primitive value, in order
	 */
	public static List<int[]> primitiveValues(byte[] der) {
		List<int[]> values = new ArrayList<>();
		walk(der, 0, der.length, values);
		return values;
	}

	private static void walk(byte[] der, int from, int to, List<int[]> values) {
		int position = from;
		while (position < to) {
			int tag = der[position++] & 0xFF;
			if ((tag & 0x1F) == 0x1F) {
				while (position < to && (der[position] & 0x80) != 0) {
					position++;
				}
				position++;
			}
			if (position >= to) {
				return;
			}
			int length = der[position++] & 0xFF;
			if (length >= 0x80) {
				int octets = length & 0x7F;
				length = 0;
				for (int i = 0; i < octets && position < to; i++) {
					length = (length << 8) | (der[position++] & 0xFF);
				}
			}
			if (length < 0 || position + length > to) {
				return;
			}
			if ((tag & 0x20) != 0) {
				walk(der, position, position + length, values);
			}
			else if (length > 0) {
				values.add(new int[] { position, length });
			}
			position += length;
		}
	}

}
