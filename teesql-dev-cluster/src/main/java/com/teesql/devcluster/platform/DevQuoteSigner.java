package com.teesql.devcluster.platform;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;

import com.teesql.jdbc.attestation.TdxQuoteLayout;

/**
 * Assembles and signs TDX DCAP version 4 quotes (header, TD report 1.0, ECDSA signature data with QE report
 * certification data) byte for byte as Intel's quoting enclave lays them out.
 */
public final class DevQuoteSigner {

	/** Signed region of a v4 quote: header plus TD report 1.0. */
	public static final int V4_SIGNED_LENGTH = TdxQuoteLayout.HEADER_SIZE + TdxQuoteLayout.TD_REPORT_10_SIZE;

	private static final String RAW_ECDSA = "SHA256withECDSAinP1363Format";

	private static final int QE_ID_SIZE = 16;

	private static final int USER_DATA_SIZE = 20;

	private static final int QE_AUTH_DATA_SIZE = 32;

	// SGX enclave report (QE report) field offsets; TdxQuoteLayout only names the REPORTDATA offset.
	private static final int QE_CPU_SVN = 0;

	private static final int QE_MISC_SELECT = 16;

	private static final int QE_ATTRIBUTES = 48;

	private static final int QE_MR_ENCLAVE = 64;

	private static final int QE_MR_SIGNER = 128;

	private static final int QE_ISV_PROD_ID = 256;

	private static final int QE_ISV_SVN = 258;

	private final KeyPair attestationKey;

	private final PrivateKey pckKey;

	private final byte[] pckChainPem;

	private final PlatformTcb tcb;

	private final QuotingEnclaveIdentity qeIdentity;

	private final byte[] qeId;

	private final byte[] qeAuthData;

	private final byte[] signedQeCertificationData;

	DevQuoteSigner(KeyPair attestationKey, DevPki pki, PlatformTcb tcb, QuotingEnclaveIdentity qeIdentity,
			byte[] qeId) {
		this.attestationKey = attestationKey;
		this.pckKey = pki.pckPrivateKey();
		this.pckChainPem = pki.pckChainPem().getBytes(StandardCharsets.US_ASCII);
		this.tcb = tcb;
		this.qeIdentity = qeIdentity;
		this.qeId = Bytes.checkedCopy(qeId, QE_ID_SIZE, "qeId");
		this.qeAuthData = new byte[QE_AUTH_DATA_SIZE];
		// Intel's QE fills its authentication data with 0, 1, 2, ...; any fixed bytes would do.
		for (int i = 0; i < QE_AUTH_DATA_SIZE; i++) {
			this.qeAuthData[i] = (byte) i;
		}
		// The QE certifies the attestation key once, not per quote, so this part is the same in every quote.
		this.signedQeCertificationData = qeCertificationData();
	}

	/**
	 * Builds and signs a v4 quote.
	 * @param td the trust domain being quoted
	 * @param reportData the 64-byte REPORTDATA
	 * @return the quote bytes (no trailing padding)
	 */
	public byte[] sign(TdIdentity td, byte[] reportData) {
		return sign(td, td.rtmr3(), reportData);
	}

	/**
	 * Builds and signs a v4 quote whose RTMR3 is given rather than replayed from the TD's own runtime events.
	 * @param td the trust domain being quoted
	 * @param rtmr3 the 48-byte RTMR3
	 * @param reportData the 64-byte REPORTDATA
	 * @return the quote bytes (no trailing padding)
	 */
	public byte[] sign(TdIdentity td, byte[] rtmr3, byte[] reportData) {
		byte[] body = new byte[V4_SIGNED_LENGTH];
		writeHeader(body);
		writeTdReport(body, TdxQuoteLayout.V4_REPORT_OFFSET, td,
				Bytes.checkedCopy(rtmr3, TdxQuoteLayout.MEASUREMENT_SIZE, "rtmr3"),
				Bytes.checkedCopy(reportData, TdxQuoteLayout.REPORT_DATA_SIZE, "reportData"));
		byte[] isvSignature = rawSign(this.attestationKey.getPrivate(), body);
		ByteArrayOutputStream signatureData = new ByteArrayOutputStream();
		signatureData.writeBytes(isvSignature);
		signatureData.writeBytes(rawPublicKey(this.attestationKey));
		signatureData.writeBytes(le(TdxQuoteLayout.CERT_DATA_TYPE_QE_REPORT, 2));
		signatureData.writeBytes(le(this.signedQeCertificationData.length, 4));
		signatureData.writeBytes(this.signedQeCertificationData);
		byte[] signature = signatureData.toByteArray();
		ByteArrayOutputStream quote = new ByteArrayOutputStream(body.length + 4 + signature.length);
		quote.writeBytes(body);
		quote.writeBytes(le(signature.length, 4));
		quote.writeBytes(signature);
		return quote.toByteArray();
	}

	private void writeHeader(byte[] quote) {
		Bytes.putLittleEndian(quote, TdxQuoteLayout.HEADER_VERSION, TdxQuoteLayout.VERSION_4, 2);
		Bytes.putLittleEndian(quote, TdxQuoteLayout.HEADER_ATTESTATION_KEY_TYPE,
				TdxQuoteLayout.ATTESTATION_KEY_TYPE_ECDSA_P256, 2);
		Bytes.putLittleEndian(quote, TdxQuoteLayout.HEADER_TEE_TYPE, TdxQuoteLayout.TEE_TYPE_TDX, 4);
		Bytes.putLittleEndian(quote, TdxQuoteLayout.HEADER_QE_SVN, this.tcb.qeSvn(), 2);
		Bytes.putLittleEndian(quote, TdxQuoteLayout.HEADER_PCE_SVN, this.tcb.pceSvn(), 2);
		put(quote, TdxQuoteLayout.HEADER_QE_VENDOR_ID, TdxQuoteLayout.INTEL_QE_VENDOR_ID.clone());
		byte[] userData = new byte[USER_DATA_SIZE];
		System.arraycopy(this.qeId, 0, userData, 0, QE_ID_SIZE);
		put(quote, TdxQuoteLayout.HEADER_USER_DATA, userData);
	}

	private void writeTdReport(byte[] quote, int report, TdIdentity td, byte[] rtmr3, byte[] reportData) {
		put(quote, report + TdxQuoteLayout.TEE_TCB_SVN, this.tcb.teeTcbSvn());
		put(quote, report + TdxQuoteLayout.MR_SEAM, this.tcb.mrSeam());
		// MRSIGNERSEAM and SEAMATTRIBUTES stay zero: Intel signs the TDX module.
		put(quote, report + TdxQuoteLayout.TD_ATTRIBUTES, td.tdAttributes());
		put(quote, report + TdxQuoteLayout.XFAM, this.tcb.xfam());
		put(quote, report + TdxQuoteLayout.MR_TD, td.mrTd());
		put(quote, report + TdxQuoteLayout.MR_CONFIG_ID, td.mrConfigId());
		// MROWNER and MROWNERCONFIG stay zero, as dstack leaves them.
		put(quote, report + TdxQuoteLayout.RTMR0, td.rtmr0());
		put(quote, report + TdxQuoteLayout.RTMR1, td.rtmr1());
		put(quote, report + TdxQuoteLayout.RTMR2, td.rtmr2());
		put(quote, report + TdxQuoteLayout.RTMR3, rtmr3);
		put(quote, report + TdxQuoteLayout.REPORT_DATA, reportData);
	}

	/**
	 * QE report ‖ QE report signature ‖ QE auth data ‖ PCK chain: the body of certification data type 6.
	 */
	private byte[] qeCertificationData() {
		byte[] qeReport = qeReport();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(qeReport);
		out.writeBytes(rawSign(this.pckKey, qeReport));
		out.writeBytes(le(this.qeAuthData.length, 2));
		out.writeBytes(this.qeAuthData);
		out.writeBytes(le(TdxQuoteLayout.CERT_DATA_TYPE_PCK_CHAIN, 2));
		out.writeBytes(le(this.pckChainPem.length, 4));
		out.writeBytes(this.pckChainPem);
		return out.toByteArray();
	}

	private byte[] qeReport() {
		byte[] report = new byte[TdxQuoteLayout.QE_REPORT_SIZE];
		put(report, QE_CPU_SVN, this.tcb.cpuSvn());
		put(report, QE_MISC_SELECT, this.qeIdentity.miscSelect());
		put(report, QE_ATTRIBUTES, this.qeIdentity.attributes());
		put(report, QE_MR_ENCLAVE, this.qeIdentity.mrEnclave());
		put(report, QE_MR_SIGNER, this.qeIdentity.mrSigner());
		Bytes.putLittleEndian(report, QE_ISV_PROD_ID, this.qeIdentity.isvProdId(), 2);
		Bytes.putLittleEndian(report, QE_ISV_SVN, this.tcb.qeSvn(), 2);
		// The QE vouches for the attestation key by hashing it into its REPORTDATA (second half stays zero).
		byte[] binding = Bytes.digest("SHA-256", rawPublicKey(this.attestationKey), this.qeAuthData);
		put(report, TdxQuoteLayout.QE_REPORT_REPORT_DATA, binding);
		return report;
	}

	static byte[] rawPublicKey(KeyPair keyPair) {
		ECPublicKey publicKey = (ECPublicKey) keyPair.getPublic();
		byte[] raw = new byte[TdxQuoteLayout.ECDSA_PUBLIC_KEY_SIZE];
		putUnsigned(raw, 0, publicKey.getW().getAffineX());
		putUnsigned(raw, 32, publicKey.getW().getAffineY());
		return raw;
	}

	private static void putUnsigned(byte[] target, int offset, BigInteger value) {
		byte[] bytes = value.toByteArray();
		int start = Math.max(0, bytes.length - 32);
		int length = bytes.length - start;
		System.arraycopy(bytes, start, target, offset + 32 - length, length);
	}

	static byte[] rawSign(PrivateKey key, byte[] data) {
		try {
			Signature signature = Signature.getInstance(RAW_ECDSA);
			signature.initSign(key);
			signature.update(data);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not sign with " + RAW_ECDSA, ex);
		}
	}

	private static void put(byte[] target, int offset, byte[] value) {
		System.arraycopy(value, 0, target, offset, value.length);
	}

	private static byte[] le(long value, int byteCount) {
		byte[] bytes = new byte[byteCount];
		Bytes.putLittleEndian(bytes, 0, value, byteCount);
		return bytes;
	}

	@Override
	public String toString() {
		return "DevQuoteSigner[tcb=" + this.tcb + "]";
	}

}
