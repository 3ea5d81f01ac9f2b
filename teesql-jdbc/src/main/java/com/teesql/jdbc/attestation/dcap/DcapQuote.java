package com.teesql.jdbc.attestation.dcap;

import java.util.Arrays;

import com.teesql.jdbc.attestation.TdxQuoteLayout;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

/**
 * A TDX quote (version 4 or 5) split into the parts DCAP verification needs: the header fields, the TD report, the
 * length of the signed region and the signature data. Deliberately self-contained; it does no cryptography.
 *
 * @param version quote version, 4 or 5
 * @param bodyType 2 (TD report 1.0) or 3 (TD report 1.5)
 * @param signedLength number of leading quote bytes covered by the quote signature
 * @param tdReport the TD report bytes (584 or 648)
 * @param signatureData the parsed signature data
 * @param trailingBytes bytes after the signature data (ignored padding)
 */
record DcapQuote(int version, int bodyType, int signedLength, byte[] tdReport, QuoteSignatureData signatureData,
		int trailingBytes) {

	static DcapQuote parse(byte[] quote) throws DcapVerificationException {
		if (quote == null) {
			throw new DcapVerificationException(Reason.MALFORMED_QUOTE, "quote is missing");
		}
		QuoteReader reader = new QuoteReader(quote, quote.length);
		reader.require(0, TdxQuoteLayout.HEADER_SIZE, "quote header");
		int version = reader.u16(TdxQuoteLayout.HEADER_VERSION, "version");
		int keyType = reader.u16(TdxQuoteLayout.HEADER_ATTESTATION_KEY_TYPE, "attestation key type");
		long teeType = reader.u32(TdxQuoteLayout.HEADER_TEE_TYPE, "TEE type");
		byte[] vendor = reader.bytes(TdxQuoteLayout.HEADER_QE_VENDOR_ID, 16, "QE vendor id");
		if (version != TdxQuoteLayout.VERSION_4 && version != TdxQuoteLayout.VERSION_5) {
			throw unsupported("quote version must be 4 or 5 for TDX, was " + version);
		}
		if (!Arrays.equals(vendor, TdxQuoteLayout.INTEL_QE_VENDOR_ID)) {
			throw unsupported("QE vendor id is not Intel's: " + DcapHex.of(vendor));
		}
		if (teeType != TdxQuoteLayout.TEE_TYPE_TDX) {
			throw unsupported("TEE type must be 0x81 (TDX), was 0x" + Long.toHexString(teeType));
		}
		if (keyType != TdxQuoteLayout.ATTESTATION_KEY_TYPE_ECDSA_P256) {
			throw unsupported("attestation key type must be 2 (ECDSA P-256), was " + keyType);
		}
		int bodyType = TdxQuoteLayout.BODY_TYPE_TD_REPORT_10;
		int reportOffset = TdxQuoteLayout.V4_REPORT_OFFSET;
		if (version == TdxQuoteLayout.VERSION_5) {
			bodyType = reader.u16(TdxQuoteLayout.V5_BODY_DESCRIPTOR_OFFSET, "body type");
			long bodySize = reader.u32(TdxQuoteLayout.V5_BODY_DESCRIPTOR_OFFSET + 2, "body size");
			int expected = switch (bodyType) {
				case TdxQuoteLayout.BODY_TYPE_TD_REPORT_10 -> TdxQuoteLayout.TD_REPORT_10_SIZE;
				case TdxQuoteLayout.BODY_TYPE_TD_REPORT_15 -> TdxQuoteLayout.TD_REPORT_15_SIZE;
				default -> throw unsupported("v5 body type must be 2 or 3 (TD report), was " + bodyType);
			};
			if (bodySize != expected) {
				throw new DcapVerificationException(Reason.MALFORMED_QUOTE,
						"v5 body size " + bodySize + " does not match body type " + bodyType + " (" + expected + ")");
			}
			reportOffset = TdxQuoteLayout.V5_REPORT_OFFSET;
		}
		int reportSize = (bodyType == TdxQuoteLayout.BODY_TYPE_TD_REPORT_15) ? TdxQuoteLayout.TD_REPORT_15_SIZE
				: TdxQuoteLayout.TD_REPORT_10_SIZE;
		byte[] tdReport = reader.bytes(reportOffset, reportSize, "TD report");
		int signedLength = reportOffset + reportSize;
		QuoteSignatureData signatureData = QuoteSignatureData.read(reader, signedLength);
		return new DcapQuote(version, bodyType, signedLength, tdReport, signatureData,
				(int) (quote.length - signatureData.end()));
	}

	byte[] tdReportField(int offset, int length) {
		return Arrays.copyOfRange(this.tdReport, offset, offset + length);
	}

	private static DcapVerificationException unsupported(String message) {
		return new DcapVerificationException(Reason.UNSUPPORTED_QUOTE, message);
	}

}
