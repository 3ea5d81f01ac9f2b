package com.teesql.jdbc.attestation.dcap;

import java.util.Arrays;

import com.teesql.jdbc.attestation.Hex;

/**
 * The quoting enclave's SGX report carried in the quote's certification data, fields as lower-case hex.
 *
 * @param cpuSvn 16-byte CPUSVN
 * @param miscSelect MISCSELECT
 * @param attributes 16-byte ATTRIBUTES
 * @param mrEnclave 32-byte MRENCLAVE
 * @param mrSigner 32-byte MRSIGNER
 * @param isvProdId ISVPRODID
 * @param isvSvn ISVSVN
 * @param reportData 64-byte REPORTDATA
 */
public record QeReport(String cpuSvn, long miscSelect, String attributes, String mrEnclave, String mrSigner,
		int isvProdId, int isvSvn, String reportData) {

	static final int SIZE = 384;

	/** ATTRIBUTES byte 0 bit 1: the enclave is debuggable. */
	static final int DEBUG_FLAG = 0x02;

	static QeReport parse(byte[] report) {
		if (report.length != SIZE) {
			throw new IllegalArgumentException("QE report must be " + SIZE + " bytes, was " + report.length);
		}
		return new QeReport(hex(report, 0, 16), u32(report, 16), hex(report, 48, 16), hex(report, 64, 32),
				hex(report, 128, 32), u16(report, 256), u16(report, 258), hex(report, 320, 64));
	}

	static byte[] attributeBytes(byte[] report) {
		return Arrays.copyOfRange(report, 48, 64);
	}

	static byte[] mrSignerBytes(byte[] report) {
		return Arrays.copyOfRange(report, 128, 160);
	}

	static byte[] reportDataBytes(byte[] report) {
		return Arrays.copyOfRange(report, 320, 384);
	}

	private static String hex(byte[] bytes, int offset, int length) {
		return Hex.encode(Arrays.copyOfRange(bytes, offset, offset + length));
	}

	private static int u16(byte[] bytes, int offset) {
		return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
	}

	private static long u32(byte[] bytes, int offset) {
		return (bytes[offset] & 0xFFL) | (bytes[offset + 1] & 0xFFL) << 8 | (bytes[offset + 2] & 0xFFL) << 16
				| (bytes[offset + 3] & 0xFFL) << 24;
	}

}
