package com.teesql.jdbc.support;

import java.util.Arrays;
import java.util.Random;

import com.teesql.testsupport.TestVectors;

/**
 * Fuzz inputs for TDX quote parsers: mutations of the three real quotes (with their length and type fields known)
 * and random bytes, some behind a valid header so that they reach the body and signature-data checks.
 */
public final class QuoteInputs {

	private static final byte[] V4 = TestVectors.bytes("tdx_quote_v4.bin");

	private static final byte[] V5 = TestVectors.bytes("tdx_quote_v5_td15.bin");

	/** The quote inside the V0 envelope (starts at offset 4, 5010 bytes). */
	private static final byte[] ENVELOPE_QUOTE = Arrays.copyOfRange(TestVectors.bytes("versioned_attestation_v0.bin"), 4,
			5014);

	private static final ByteMutator V4_MUTATOR = new ByteMutator(lengthFields(632, false));

	private static final ByteMutator V5_MUTATOR = new ByteMutator(lengthFields(702, true));

	private QuoteInputs() {
	}

	/**
	 * Offsets of the header type fields, the v5 body descriptor and every length/type field of the signature data.
	 * @param signedLength header plus body length (632 for v4, 702 for v5 with TD report 1.5)
	 * @param v5 whether the quote has a body descriptor
	 * @return the offsets
	 */
	public static int[] lengthFields(int signedLength, boolean v5) {
		int[] signature = { signedLength, signedLength + 132, signedLength + 134, signedLength + 586,
				signedLength + 620, signedLength + 622 };
		int[] header = v5 ? new int[] { 0, 2, 4, 48, 50 } : new int[] { 0, 2, 4 };
		int[] all = Arrays.copyOf(header, header.length + signature.length);
		System.arraycopy(signature, 0, all, header.length, signature.length);
		return all;
	}

	/**
	 * One fuzz input.
	 * @param random the case's random source
	 * @return the quote bytes
	 */
	public static byte[] next(Random random) {
		int kind = random.nextInt(10);
		if (kind < 4) {
			return V4_MUTATOR.mutate(V4, random);
		}
		if (kind < 7) {
			return V5_MUTATOR.mutate(V5, random);
		}
		if (kind < 8) {
			return V4_MUTATOR.mutate(ENVELOPE_QUOTE, random);
		}
		if (kind < 9) {
			return ByteMutator.randomBytes(random, 6000);
		}
		return randomBehindValidHeader(random);
	}

	private static byte[] randomBehindValidHeader(Random random) {
		byte[] template = random.nextBoolean() ? V4 : V5;
		byte[] bytes = ByteMutator.randomBytes(random, 6000);
		int keep = Math.min(bytes.length, random.nextBoolean() ? 48 : 54);
		System.arraycopy(template, 0, bytes, 0, keep);
		return bytes;
	}

}
