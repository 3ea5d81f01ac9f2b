package com.teesql.jdbc.attestation.dcap;

import java.util.Arrays;


import com.teesql.jdbc.attestation.Hex;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.TdxQuoteLayout;

/**
 * The TD report of a verified quote, every field as lower-case hex.
 *
 * @param teeTcbSvn TEE_TCB_SVN (16 bytes)
 * @param mrSeam MRSEAM
 * @param mrSignerSeam MRSIGNERSEAM
 * @param seamAttributes SEAMATTRIBUTES
 * @param tdAttributes TDATTRIBUTES
 * @param xfam XFAM
 * @param mrTd MRTD, the measurement of the initial TD image
 * @param mrConfigId MRCONFIGID
 * @param mrOwner MROWNER
 * @param mrOwnerConfig MROWNERCONFIG
 * @param rtmr0 RTMR0
 * @param rtmr1 RTMR1
 * @param rtmr2 RTMR2
 * @param rtmr3 RTMR3
 * @param reportData REPORTDATA (64 bytes)
 * @param teeTcbSvn2 TEE_TCB_SVN_2 for TD report 1.5, otherwise {@code null}
 * @param mrServiceTd MRSERVICETD for TD report 1.5, otherwise {@code null}
 */
public record TdReport(String teeTcbSvn, String mrSeam, String mrSignerSeam, String seamAttributes,
		String tdAttributes, String xfam, String mrTd, String mrConfigId, String mrOwner, String mrOwnerConfig,
		String rtmr0, String rtmr1, String rtmr2, String rtmr3, String reportData, String teeTcbSvn2,
		String mrServiceTd) {

	private static final int SVN_SIZE = 16;

	private static final int ATTRIBUTES_SIZE = 8;

	static TdReport from(TdxQuote quote) {
		byte[] report = quote.tdReport();
		boolean td15 = quote.isTdReport15();
		return new TdReport(field(report, TdxQuoteLayout.TEE_TCB_SVN, SVN_SIZE),
				measurement(report, TdxQuoteLayout.MR_SEAM), measurement(report, TdxQuoteLayout.MR_SIGNER_SEAM),
				field(report, TdxQuoteLayout.SEAM_ATTRIBUTES, ATTRIBUTES_SIZE),
				field(report, TdxQuoteLayout.TD_ATTRIBUTES, ATTRIBUTES_SIZE),
				field(report, TdxQuoteLayout.XFAM, ATTRIBUTES_SIZE), measurement(report, TdxQuoteLayout.MR_TD),
				measurement(report, TdxQuoteLayout.MR_CONFIG_ID), measurement(report, TdxQuoteLayout.MR_OWNER),
				measurement(report, TdxQuoteLayout.MR_OWNER_CONFIG), measurement(report, TdxQuoteLayout.RTMR0),
				measurement(report, TdxQuoteLayout.RTMR1), measurement(report, TdxQuoteLayout.RTMR2),
				measurement(report, TdxQuoteLayout.RTMR3),
				field(report, TdxQuoteLayout.REPORT_DATA, TdxQuoteLayout.REPORT_DATA_SIZE),
				td15 ? field(report, TdxQuoteLayout.TEE_TCB_SVN2, SVN_SIZE) : null,
				td15 ? measurement(report, TdxQuoteLayout.MR_SERVICE_TD) : null);
	}

	private static String measurement(byte[] report, int offset) {
		return field(report, offset, TdxQuoteLayout.MEASUREMENT_SIZE);
	}

	private static String field(byte[] report, int offset, int length) {
		return Hex.encode(Arrays.copyOfRange(report, offset, offset + length));
	}

}
