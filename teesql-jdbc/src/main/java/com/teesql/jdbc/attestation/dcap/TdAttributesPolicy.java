package com.teesql.jdbc.attestation.dcap;

import com.teesql.jdbc.attestation.TdxQuoteLayout;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

/**
 * Step 13 of dcap.md §4: TD attributes a production TD must (not) have, as dcap-qvl 0.4.0 enforces them. Applied
 * after the status merge so that a status error takes precedence, as in dcap-qvl.
 */
final class TdAttributesPolicy {

	private static final int SEPT_VE_DISABLE = TdxQuoteLayout.TD_ATTRIBUTES_SEPT_VE_DISABLE_MASK_BYTE3;

	/** Byte 3 reserved SEC bits: 24..27 and 29. */
	private static final int BYTE3_RESERVED = 0x0F | 0x20;

	/** Byte 7: bits 56..62 are reserved; bit 63 (PERFMON) is allowed. */
	private static final int BYTE7_RESERVED = 0x7F;

	private TdAttributesPolicy() {
	}

	static void check(DcapQuote quote) throws DcapVerificationException {
		byte[] attributes = quote.tdReportField(TdxQuoteLayout.TD_ATTRIBUTES, 8);
		String hex = DcapHex.of(attributes);
		if (attributes[0] != 0) {
			throw rejected("debug mode is enabled (TUD bits set): td_attributes=" + hex);
		}
		if (attributes[1] != 0 || attributes[2] != 0 || (attributes[3] & BYTE3_RESERVED) != 0) {
			throw rejected("reserved SEC attribute bits are set: td_attributes=" + hex);
		}
		if ((attributes[3] & SEPT_VE_DISABLE) == 0) {
			throw rejected("SEPT_VE_DISABLE is not set: td_attributes=" + hex);
		}
		if (attributes[4] != 0 || attributes[5] != 0 || attributes[6] != 0 || (attributes[7] & BYTE7_RESERVED) != 0) {
			throw rejected("reserved OTHER attribute bits are set: td_attributes=" + hex);
		}
		if (quote.bodyType() == TdxQuoteLayout.BODY_TYPE_TD_REPORT_15) {
			for (byte b : quote.tdReportField(TdxQuoteLayout.MR_SERVICE_TD, TdxQuoteLayout.MEASUREMENT_SIZE)) {
				if (b != 0) {
					throw rejected("MRSERVICETD is not zero: a service TD is bound to this TD");
				}
			}
		}
	}

	private static DcapVerificationException rejected(String message) {
		return new DcapVerificationException(Reason.TD_ATTRIBUTES_REJECTED, message);
	}

}
