package com.teesql.jdbc.attestation;

import com.teesql.jdbc.errors.QuoteFormatException;

/**
 * The ECDSA signature data that follows the signed part of a v4/v5 quote, with certification data type 6 (QE report
 * certification data) unpacked. Extra bytes inside or after the length-prefixed blobs are ignored, as real quotes
 * carry zero padding. Parsed by {@link TdxQuote#signatureData()}, the one quote parser.
 *
 * @param quoteSignature 64-byte r‖s over the signed region
 * @param attestationKey 64-byte X‖Y of the P-256 attestation key
 * @param qeReport the 384-byte QE report
 * @param qeReportSignature 64-byte r‖s over the QE report by the PCK key
 * @param qeAuthData the QE authentication data
 * @param pckCertDataType the inner certification data type (5 = PEM PCK chain)
 * @param pckCertData the inner certification data
 * @param end offset just past the signature data
 */
public record QuoteSignatureData(byte[] quoteSignature, byte[] attestationKey, byte[] qeReport,
		byte[] qeReportSignature, byte[] qeAuthData, int pckCertDataType, byte[] pckCertData, long end) {

	private static final int CERT_DATA_HEADER = 6;

	static QuoteSignatureData read(byte[] raw, int signedLength) throws QuoteFormatException {
		QuoteReader quote = new QuoteReader(raw, raw.length);
		long sigDataLength = quote.u32(signedLength + TdxQuoteLayout.SIG_DATA_LENGTH, "signature data length");
		int start = signedLength + 4;
		// Reads below stay within the declared signature data, not merely within the quote.
		QuoteReader sig = quote.blob(start, sigDataLength, "signature data");
		byte[] quoteSignature = sig.bytes(signedLength + TdxQuoteLayout.SIG_ISV_SIGNATURE,
				TdxQuoteLayout.ECDSA_SIGNATURE_SIZE, "quote signature");
		byte[] attestationKey = sig.bytes(signedLength + TdxQuoteLayout.SIG_ATTESTATION_KEY,
				TdxQuoteLayout.ECDSA_PUBLIC_KEY_SIZE, "attestation key");
		int certType = sig.u16(signedLength + TdxQuoteLayout.SIG_CERT_DATA_TYPE, "certification data type");
		if (certType != TdxQuoteLayout.CERT_DATA_TYPE_QE_REPORT) {
			throw new QuoteFormatException("quote certification data type must be 6 (QE report), was " + certType);
		}
		long certSize = sig.u32(signedLength + TdxQuoteLayout.SIG_CERT_DATA_SIZE, "certification data size");
		int certStart = signedLength + TdxQuoteLayout.SIG_CERT_DATA;
		QuoteReader cert = sig.blob(certStart, certSize, "certification data");
		int offset = certStart;
		byte[] qeReport = cert.bytes(offset, TdxQuoteLayout.QE_REPORT_SIZE, "QE report");
		offset += TdxQuoteLayout.QE_REPORT_SIZE;
		byte[] qeReportSignature = cert.bytes(offset, TdxQuoteLayout.ECDSA_SIGNATURE_SIZE, "QE report signature");
		offset += TdxQuoteLayout.ECDSA_SIGNATURE_SIZE;
		int authLength = cert.u16(offset, "QE auth data length");
		offset += 2;
		byte[] qeAuthData = cert.bytes(offset, authLength, "QE auth data");
		offset += authLength;
		int innerType = cert.u16(offset, "PCK certification data type");
		long innerSize = cert.u32(offset + 2, "PCK certification data size");
		byte[] innerData = cert.bytes(offset + CERT_DATA_HEADER, innerSize, "PCK certification data");
		return new QuoteSignatureData(quoteSignature, attestationKey, qeReport, qeReportSignature, qeAuthData,
				innerType, innerData, start + sigDataLength);
	}

	// Accessors hand out copies: a parsed quote is shared (TdxQuote keeps it), so nobody may change it in place.

	@Override
	public byte[] quoteSignature() {
		return this.quoteSignature.clone();
	}

	@Override
	public byte[] attestationKey() {
		return this.attestationKey.clone();
	}

	@Override
	public byte[] qeReport() {
		return this.qeReport.clone();
	}

	@Override
	public byte[] qeReportSignature() {
		return this.qeReportSignature.clone();
	}

	@Override
	public byte[] qeAuthData() {
		return this.qeAuthData.clone();
	}

	@Override
	public byte[] pckCertData() {
		return this.pckCertData.clone();
	}

}
