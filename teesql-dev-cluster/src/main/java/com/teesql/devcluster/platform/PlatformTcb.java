package com.teesql.devcluster.platform;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The TCB of the simulated machine that goes into every quote: TDX module SVNs and measurement, XFAM, and the SVNs
 * of the quoting and provisioning enclaves. Kept apart from the keys so that a collateral generator can publish
 * matching TCB info.
 *
 * @param teeTcbSvn TEE_TCB_SVN of the TD report (16 bytes)
 * @param mrSeam measurement of the TDX module (48 bytes)
 * @param xfam extended features available mask (8 bytes)
 * @param cpuSvn CPU SVN reported by the quoting enclave (16 bytes)
 * @param qeSvn quoting enclave SVN
 * @param pceSvn provisioning certification enclave SVN
 */
public record PlatformTcb(byte[] teeTcbSvn, byte[] mrSeam, byte[] xfam, byte[] cpuSvn, int qeSvn, int pceSvn) {

	public PlatformTcb {
		teeTcbSvn = Bytes.checkedCopy(teeTcbSvn, 16, "teeTcbSvn");
		mrSeam = Bytes.checkedCopy(mrSeam, 48, "mrSeam");
		xfam = Bytes.checkedCopy(xfam, 8, "xfam");
		cpuSvn = Bytes.checkedCopy(cpuSvn, 16, "cpuSvn");
		if (qeSvn < 0 || qeSvn > 0xFFFF || pceSvn < 0 || pceSvn > 0xFFFF) {
			throw new IllegalArgumentException("SVNs must be u16 but were qeSvn=" + qeSvn + ", pceSvn=" + pceSvn);
		}
	}

	/**
	 * Values shaped like a current production TDX machine (TDX module 1.5, up-to-date QE).
	 * @return the default TCB
	 */
	public static PlatformTcb defaults() {
		HexFormat hex = HexFormat.of();
		return new PlatformTcb(hex.parseHex("06010300000000000000000000000000"),
				hex.parseHex("5b38e33a6487958b72c3c12a938eaa5e3fd4510c51aeeab58c7d5ecee41d7c43"
						+ "6489d6c8e4f92f160b7cad34207b00c1"),
				hex.parseHex("e702060000000000"), hex.parseHex("0303191b04ff00060000000000000000"), 8, 13);
	}

	@Override
	public byte[] teeTcbSvn() {
		return this.teeTcbSvn.clone();
	}

	@Override
	public byte[] mrSeam() {
		return this.mrSeam.clone();
	}

	@Override
	public byte[] xfam() {
		return this.xfam.clone();
	}

	@Override
	public byte[] cpuSvn() {
		return this.cpuSvn.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof PlatformTcb that && Arrays.equals(this.teeTcbSvn, that.teeTcbSvn)
				&& Arrays.equals(this.mrSeam, that.mrSeam) && Arrays.equals(this.xfam, that.xfam)
				&& Arrays.equals(this.cpuSvn, that.cpuSvn) && this.qeSvn == that.qeSvn && this.pceSvn == that.pceSvn;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.mrSeam) * 31 + this.qeSvn * 17 + this.pceSvn;
	}

	@Override
	public String toString() {
		HexFormat hex = HexFormat.of();
		return "PlatformTcb[teeTcbSvn=" + hex.formatHex(this.teeTcbSvn) + ", qeSvn=" + this.qeSvn + ", pceSvn="
				+ this.pceSvn + "]";
	}

}
