package com.teesql.jdbc.attestation;

/**
 * Byte layout of Intel TDX DCAP quotes (versions 4 and 5), little-endian integers. Shared by the parser and by the
 * dev cluster's quote builder so both sides agree on every offset. Offsets inside the TD report are relative to the
 * start of the report ({@link #V4_REPORT_OFFSET} or {@link #V5_REPORT_OFFSET}).
 */
public final class TdxQuoteLayout {

	public static final int HEADER_SIZE = 48;

	public static final int VERSION_4 = 4;

	public static final int VERSION_5 = 5;

	/** ECDSA-256 with P-256, the only attestation key type DCAP defines. */
	public static final int ATTESTATION_KEY_TYPE_ECDSA_P256 = 2;

	public static final int TEE_TYPE_TDX = 0x81;

	/** Intel's QE vendor id. */
	public static final byte[] INTEL_QE_VENDOR_ID = hex("939a7233f79c4ca9940a0db3957f0607");

	public static final int HEADER_VERSION = 0;

	public static final int HEADER_ATTESTATION_KEY_TYPE = 2;

	public static final int HEADER_TEE_TYPE = 4;

	public static final int HEADER_QE_SVN = 8;

	public static final int HEADER_PCE_SVN = 10;

	public static final int HEADER_QE_VENDOR_ID = 12;

	public static final int HEADER_USER_DATA = 28;

	public static final int V4_REPORT_OFFSET = 48;

	/** Version 5 has a 6-byte body descriptor ({@code u16} body type, {@code u32} size) before the report. */
	public static final int V5_BODY_DESCRIPTOR_OFFSET = 48;

	public static final int V5_REPORT_OFFSET = 54;

	public static final int BODY_TYPE_SGX_ENCLAVE = 1;

	public static final int BODY_TYPE_TD_REPORT_10 = 2;

	public static final int BODY_TYPE_TD_REPORT_15 = 3;

	public static final int TD_REPORT_10_SIZE = 584;

	public static final int TD_REPORT_15_SIZE = 648;

	// TD report 1.0 fields, offsets relative to the report start.
	public static final int TEE_TCB_SVN = 0;

	public static final int MR_SEAM = 16;

	public static final int MR_SIGNER_SEAM = 64;

	public static final int SEAM_ATTRIBUTES = 112;

	public static final int TD_ATTRIBUTES = 120;

	public static final int XFAM = 128;

	public static final int MR_TD = 136;

	public static final int MR_CONFIG_ID = 184;

	public static final int MR_OWNER = 232;

	public static final int MR_OWNER_CONFIG = 280;

	public static final int RTMR0 = 328;

	public static final int RTMR1 = 376;

	public static final int RTMR2 = 424;

	public static final int RTMR3 = 472;

	public static final int REPORT_DATA = 520;

	// TD report 1.5 additions.
	public static final int TEE_TCB_SVN2 = 584;

	public static final int MR_SERVICE_TD = 600;

	public static final int MEASUREMENT_SIZE = 48;

	public static final int REPORT_DATA_SIZE = 64;

	/** TDATTRIBUTES byte 0 bit 0: the TD is debuggable. */
	public static final int TD_ATTRIBUTES_DEBUG_MASK_BYTE0 = 0x01;

	/** TDATTRIBUTES bit 28 (byte 3, bit 4): SEPT_VE_DISABLE. */
	public static final int TD_ATTRIBUTES_SEPT_VE_DISABLE_MASK_BYTE3 = 0x10;

	// Signature data, relative to the start of the signature data (right after the body).
	public static final int SIG_DATA_LENGTH = 0;

	public static final int SIG_ISV_SIGNATURE = 4;

	public static final int SIG_ATTESTATION_KEY = 68;

	public static final int SIG_CERT_DATA_TYPE = 132;

	public static final int SIG_CERT_DATA_SIZE = 134;

	public static final int SIG_CERT_DATA = 138;

	/** Certification data type 6: QE report certification data. */
	public static final int CERT_DATA_TYPE_QE_REPORT = 6;

	/** Certification data type 5: PCK certificate chain (PEM). */
	public static final int CERT_DATA_TYPE_PCK_CHAIN = 5;

	public static final int QE_REPORT_SIZE = 384;

	/** REPORTDATA offset inside the (SGX enclave) QE report. */
	public static final int QE_REPORT_REPORT_DATA = 320;

	public static final int ECDSA_SIGNATURE_SIZE = 64;

	public static final int ECDSA_PUBLIC_KEY_SIZE = 64;

	/** Prefix hashed with the leaf's SubjectPublicKeyInfo DER to bind a quote to a TLS key. */
	public static final String RA_TLS_CERT_BINDING_PREFIX = "ratls-cert:";

	/** dstack runtime event type, extended into RTMR3. */
	public static final int DSTACK_RUNTIME_EVENT_TYPE = 0x08000001;

	private TdxQuoteLayout() {
	}

	private static byte[] hex(String hex) {
		byte[] out = new byte[hex.length() / 2];
		for (int i = 0; i < out.length; i++) {
			out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
		}
		return out;
	}

}
