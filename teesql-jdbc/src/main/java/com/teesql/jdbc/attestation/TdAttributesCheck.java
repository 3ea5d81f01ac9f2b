package com.teesql.jdbc.attestation;

import com.teesql.jdbc.errors.TdAttributesException;

/**
 * TD report properties a production TeeSQL TD must have, stricter than the official clients (dcap-qvl 0.5 and
 * dstack's own {@code validate_tcb}): no reserved TDATTRIBUTES bit, SEPT_VE_DISABLE set, MRSIGNERSEAM zero (an
 * Intel-signed TDX module) and, for TD report 1.5, MRSERVICETD zero (no service TD bound). The DEBUG bit is the
 * policy's own, configurable check.
 */
final class TdAttributesCheck {

	/** Byte 0 (TUD): bit 0 is DEBUG, bits 1..7 are reserved. */
	private static final int BYTE0_RESERVED = 0xFE;

	/** Byte 3: bits 24..27 and 29 are reserved; 28 is SEPT_VE_DISABLE, 30 PKS and 31 KL are allowed. */
	private static final int BYTE3_RESERVED = 0x0F | 0x20;

	/** Byte 7: bits 56..62 are reserved; bit 63 (PERFMON) is allowed. */
	private static final int BYTE7_RESERVED = 0x7F;

	private TdAttributesCheck() {
	}

	static void check(TdxQuote quote) throws TdAttributesException {
		byte[] attributes = quote.tdAttributes();
		String hex = Hex.encode(attributes);
		if ((attributes[0] & BYTE0_RESERVED) != 0 || attributes[1] != 0 || attributes[2] != 0
				|| (attributes[3] & BYTE3_RESERVED) != 0 || attributes[4] != 0 || attributes[5] != 0
				|| attributes[6] != 0 || (attributes[7] & BYTE7_RESERVED) != 0) {
			throw new TdAttributesException("TDATTRIBUTES",
					"TDATTRIBUTES " + hex + " has reserved bits set — connection refused");
		}
		if ((attributes[3] & TdxQuoteLayout.TD_ATTRIBUTES_SEPT_VE_DISABLE_MASK_BYTE3) == 0) {
			throw new TdAttributesException("TDATTRIBUTES", "TDATTRIBUTES " + hex
					+ " does not set SEPT_VE_DISABLE: the TD can be sent #VE on EPT violations — connection refused");
		}
		if (!isZero(quote.mrSignerSeam())) {
			throw new TdAttributesException("MRSIGNERSEAM", "MRSIGNERSEAM is not zero: the TDX module is not "
					+ "Intel's (MRSIGNERSEAM " + Hex.abbreviate(Hex.encode(quote.mrSignerSeam())) + ") — connection refused");
		}
		if (quote.mrServiceTd().isPresent() && !isZero(quote.mrServiceTd().get())) {
			throw new TdAttributesException("MRSERVICETD",
					"MRSERVICETD is not zero: a service TD is bound to this TD — connection refused");
		}
	}

	private static boolean isZero(byte[] bytes) {
		int acc = 0;
		for (byte b : bytes) {
			acc |= b;
		}
		return acc == 0;
	}

}
