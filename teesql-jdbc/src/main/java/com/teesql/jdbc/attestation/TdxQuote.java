package com.teesql.jdbc.attestation;

import java.util.Arrays;
import java.util.Optional;

import com.teesql.jdbc.errors.QuoteFormatException;

import static com.teesql.jdbc.attestation.TdxQuoteLayout.*;

/**
 * A parsed Intel TDX DCAP quote, version 4 (TD report 1.0) or version 5 (TD report 1.0 or 1.5).
 * <p>
 * Parsing checks structure only (version, key type, TEE type, body type and every length); it does not verify any
 * signature. Measurements are exposed as lowercase hex.
 */
public final class TdxQuote {

	private final byte[] raw;

	private final int version;

	private final int bodyType;

	private final int reportOffset;

	private final int reportSize;

	private final long signatureDataLength;

	/** The parsed signature data, or why it does not parse; read on first use (not every verifier needs it). */
	private volatile Object signatureData;

	private TdxQuote(byte[] raw, int version, int bodyType, int reportOffset, int reportSize, long signatureDataLength) {
		this.raw = raw;
		this.version = version;
		this.bodyType = bodyType;
		this.reportOffset = reportOffset;
		this.reportSize = reportSize;
		this.signatureDataLength = signatureDataLength;
	}

	/**
	 * Parse a quote.
	 * @param quote the raw quote bytes (trailing padding after the signature data is allowed)
	 * @return the parsed quote
	 * @throws QuoteFormatException naming the offending field if the quote is malformed or not a TDX quote
	 */
	public static TdxQuote parse(byte[] quote) throws QuoteFormatException {
		byte[] raw = quote.clone();
		require(raw, 0, HEADER_SIZE, "header");
		int version = u16(raw, HEADER_VERSION);
		if (version != VERSION_4 && version != VERSION_5) {
			throw new QuoteFormatException("quote version " + version + " (offset 0) is not a TDX quote version (4 or 5)");
		}
		int keyType = u16(raw, HEADER_ATTESTATION_KEY_TYPE);
		if (keyType != ATTESTATION_KEY_TYPE_ECDSA_P256) {
			throw new QuoteFormatException(
					"quote attestation_key_type " + keyType + " (offset 2) is not 2 (ECDSA-256 with P-256)");
		}
		long teeType = u32(raw, HEADER_TEE_TYPE);
		if (teeType != TEE_TYPE_TDX) {
			throw new QuoteFormatException(
					String.format("quote tee_type 0x%08x (offset 4) is not 0x00000081 (TDX)", teeType));
		}
		int bodyType;
		int reportOffset;
		int reportSize;
		if (version == VERSION_4) {
			bodyType = BODY_TYPE_TD_REPORT_10;
			reportOffset = V4_REPORT_OFFSET;
			reportSize = TD_REPORT_10_SIZE;
		}
		else {
			require(raw, V5_BODY_DESCRIPTOR_OFFSET, 6, "body descriptor");
			bodyType = u16(raw, V5_BODY_DESCRIPTOR_OFFSET);
			long bodySize = u32(raw, V5_BODY_DESCRIPTOR_OFFSET + 2);
			reportSize = switch (bodyType) {
				case BODY_TYPE_TD_REPORT_10 -> TD_REPORT_10_SIZE;
				case BODY_TYPE_TD_REPORT_15 -> TD_REPORT_15_SIZE;
				default -> throw new QuoteFormatException("quote body_type " + bodyType
						+ " (offset 48) is not a TD report (2 = TD report 1.0, 3 = TD report 1.5)");
			};
			if (bodySize != reportSize) {
				throw new QuoteFormatException("quote body size " + bodySize + " (offset 50) does not match body_type "
						+ bodyType + " (expected " + reportSize + ")");
			}
			reportOffset = V5_REPORT_OFFSET;
		}
		require(raw, reportOffset, reportSize, "TD report");
		int signatureOffset = reportOffset + reportSize;
		require(raw, signatureOffset, 4, "signature data length");
		long signatureDataLength = u32(raw, signatureOffset);
		if (signatureDataLength > raw.length - signatureOffset - 4) {
			throw new QuoteFormatException("quote signature data length " + signatureDataLength + " (offset "
					+ signatureOffset + ") exceeds the " + (raw.length - signatureOffset - 4) + " remaining bytes");
		}
		return new TdxQuote(raw, version, bodyType, reportOffset, reportSize, signatureDataLength);
	}

	private static void require(byte[] raw, int offset, int length, String field) throws QuoteFormatException {
		if (raw.length < offset + length) {
			throw new QuoteFormatException("quote truncated: " + field + " needs bytes " + offset + ".."
					+ (offset + length) + " but the quote has " + raw.length + " bytes");
		}
	}

	private static int u16(byte[] raw, int offset) {
		return (raw[offset] & 0xff) | ((raw[offset + 1] & 0xff) << 8);
	}

	private static long u32(byte[] raw, int offset) {
		return (raw[offset] & 0xffL) | ((raw[offset + 1] & 0xffL) << 8) | ((raw[offset + 2] & 0xffL) << 16)
				| ((raw[offset + 3] & 0xffL) << 24);
	}

	private byte[] header(int offset, int length) {
		return Arrays.copyOfRange(this.raw, offset, offset + length);
	}

	private byte[] report(int offset, int length) {
		return Arrays.copyOfRange(this.raw, this.reportOffset + offset, this.reportOffset + offset + length);
	}

	/**
	 * The raw quote bytes.
	 * @return a copy
	 */
	public byte[] bytes() {
		return this.raw.clone();
	}

	public int version() {
		return this.version;
	}

	public int attestationKeyType() {
		return u16(this.raw, HEADER_ATTESTATION_KEY_TYPE);
	}

	public long teeType() {
		return u32(this.raw, HEADER_TEE_TYPE);
	}

	public int qeSvn() {
		return u16(this.raw, HEADER_QE_SVN);
	}

	public int pceSvn() {
		return u16(this.raw, HEADER_PCE_SVN);
	}

	public byte[] qeVendorId() {
		return header(HEADER_QE_VENDOR_ID, 16);
	}

	public byte[] userData() {
		return header(HEADER_USER_DATA, 20);
	}

	/**
	 * The body type: 2 for TD report 1.0 (always for version 4), 3 for TD report 1.5.
	 * @return the body type
	 */
	public int bodyType() {
		return this.bodyType;
	}

	/**
	 * Offset of the TD report in the quote (48 for version 4, 54 for version 5).
	 * @return the offset
	 */
	public int reportOffset() {
		return this.reportOffset;
	}

	/**
	 * Length of the region signed by the attestation key (header and body).
	 * @return the signed length
	 */
	public int signedLength() {
		return this.reportOffset + this.reportSize;
	}

	public long signatureDataLength() {
		return this.signatureDataLength;
	}

	/**
	 * The raw signature data (ISV signature, attestation key, certification data).
	 * @return a copy
	 */
	public byte[] signatureDataBytes() {
		int start = signedLength() + 4;
		return Arrays.copyOfRange(this.raw, start, start + (int) this.signatureDataLength);
	}

	/**
	 * The signature data, parsed (certification data type 6 with the QE report and the PCK certification data). Parsed
	 * once, on first use, and kept: every later call returns the same result or throws the same error.
	 * @return the parsed signature data
	 * @throws QuoteFormatException if the signature data is truncated or not QE report certification data
	 */
	public QuoteSignatureData signatureData() throws QuoteFormatException {
		Object parsed = this.signatureData;
		if (parsed == null) {
			try {
				parsed = QuoteSignatureData.read(this.raw, signedLength());
			}
			catch (QuoteFormatException ex) {
				parsed = ex;
			}
			this.signatureData = parsed;
		}
		if (parsed instanceof QuoteFormatException ex) {
			throw new QuoteFormatException(ex.getMessage(), ex);
		}
		return (QuoteSignatureData) parsed;
	}

	/**
	 * The bytes the attestation key signs: header and body.
	 * @return a copy of the first {@link #signedLength()} bytes
	 */
	public byte[] signedRegion() {
		return Arrays.copyOf(this.raw, signedLength());
	}

	/**
	 * Bytes after the signature data (real quotes carry zero padding), ignored by verification.
	 * @return the number of trailing bytes
	 */
	public int trailingBytes() {
		return (int) (this.raw.length - signedLength() - 4 - this.signatureDataLength);
	}

	/**
	 * The TD report (584 bytes for TD report 1.0, 648 for 1.5).
	 * @return a copy
	 */
	public byte[] tdReport() {
		return report(0, this.reportSize);
	}

	public byte[] teeTcbSvn() {
		return report(TEE_TCB_SVN, 16);
	}

	public byte[] mrSeam() {
		return report(MR_SEAM, MEASUREMENT_SIZE);
	}

	public byte[] mrSignerSeam() {
		return report(MR_SIGNER_SEAM, MEASUREMENT_SIZE);
	}

	public byte[] seamAttributes() {
		return report(SEAM_ATTRIBUTES, 8);
	}

	public byte[] tdAttributes() {
		return report(TD_ATTRIBUTES, 8);
	}

	public byte[] xfam() {
		return report(XFAM, 8);
	}

	public byte[] mrTd() {
		return report(MR_TD, MEASUREMENT_SIZE);
	}

	public byte[] mrConfigId() {
		return report(MR_CONFIG_ID, MEASUREMENT_SIZE);
	}

	public byte[] mrOwner() {
		return report(MR_OWNER, MEASUREMENT_SIZE);
	}

	public byte[] mrOwnerConfig() {
		return report(MR_OWNER_CONFIG, MEASUREMENT_SIZE);
	}

	/**
	 * A runtime measurement register.
	 * @param index 0 to 3
	 * @return the 48-byte register value
	 */
	public byte[] rtmr(int index) {
		if (index < 0 || index > 3) {
			throw new IllegalArgumentException("RTMR index must be 0..3, got " + index);
		}
		return report(RTMR0 + index * MEASUREMENT_SIZE, MEASUREMENT_SIZE);
	}

	public byte[] reportData() {
		return report(REPORT_DATA, REPORT_DATA_SIZE);
	}

	/**
	 * TEE_TCB_SVN2 of a TD report 1.5.
	 * @return the value, empty for TD report 1.0
	 */
	public Optional<byte[]> teeTcbSvn2() {
		return isTdReport15() ? Optional.of(report(TEE_TCB_SVN2, 16)) : Optional.empty();
	}

	/**
	 * MRSERVICETD of a TD report 1.5.
	 * @return the value, empty for TD report 1.0
	 */
	public Optional<byte[]> mrServiceTd() {
		return isTdReport15() ? Optional.of(report(MR_SERVICE_TD, MEASUREMENT_SIZE)) : Optional.empty();
	}

	public boolean isTdReport15() {
		return this.bodyType == BODY_TYPE_TD_REPORT_15;
	}

	/**
	 * Whether the TD is debuggable (TDATTRIBUTES bit 0).
	 * @return {@code true} for a debug TD
	 */
	public boolean isDebug() {
		return (this.raw[this.reportOffset + TD_ATTRIBUTES] & TD_ATTRIBUTES_DEBUG_MASK_BYTE0) != 0;
	}

	public String mrTdHex() {
		return Hex.encode(mrTd());
	}

	public String rtmrHex(int index) {
		return Hex.encode(rtmr(index));
	}

	@Override
	public String toString() {
		return "TdxQuote[version=" + this.version + ", bodyType=" + this.bodyType + ", mrtd=" + mrTdHex() + ", debug="
				+ isDebug() + "]";
	}

}
