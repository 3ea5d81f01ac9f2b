package com.teesql.devcluster.platform;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The identity fields of the simulated TD quoting enclave, written into the QE report of every quote. A QE identity
 * collateral for dev quotes must publish the same values.
 *
 * @param mrEnclave QE enclave measurement (32 bytes)
 * @param mrSigner QE signer measurement (32 bytes)
 * @param isvProdId QE product id (2 for the TD QE)
 * @param miscSelect MISCSELECT (4 bytes)
 * @param attributes enclave ATTRIBUTES (16 bytes)
 */
public record QuotingEnclaveIdentity(byte[] mrEnclave, byte[] mrSigner, int isvProdId, byte[] miscSelect,
		byte[] attributes) {

	public QuotingEnclaveIdentity {
		mrEnclave = Bytes.checkedCopy(mrEnclave, 32, "mrEnclave");
		mrSigner = Bytes.checkedCopy(mrSigner, 32, "mrSigner");
		miscSelect = Bytes.checkedCopy(miscSelect, 4, "miscSelect");
		attributes = Bytes.checkedCopy(attributes, 16, "attributes");
		if (isvProdId < 0 || isvProdId > 0xFFFF) {
			throw new IllegalArgumentException("isvProdId must be u16 but was " + isvProdId);
		}
	}

	/**
	 * Values shaped like Intel's production TD quoting enclave.
	 * @return the default identity
	 */
	public static QuotingEnclaveIdentity defaults() {
		HexFormat hex = HexFormat.of();
		return new QuotingEnclaveIdentity(
				hex.parseHex("e5a3a7b5d830c2953b98534c6c59a3a34fdc34e933f7f5898f0a85cf08846bca"),
				hex.parseHex("dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5"), 2,
				hex.parseHex("00000000"), hex.parseHex("1500000000000000e700000000000000"));
	}

	@Override
	public byte[] mrEnclave() {
		return this.mrEnclave.clone();
	}

	@Override
	public byte[] mrSigner() {
		return this.mrSigner.clone();
	}

	@Override
	public byte[] miscSelect() {
		return this.miscSelect.clone();
	}

	@Override
	public byte[] attributes() {
		return this.attributes.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof QuotingEnclaveIdentity that && Arrays.equals(this.mrEnclave, that.mrEnclave)
				&& Arrays.equals(this.mrSigner, that.mrSigner) && this.isvProdId == that.isvProdId
				&& Arrays.equals(this.miscSelect, that.miscSelect) && Arrays.equals(this.attributes, that.attributes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.mrSigner) * 31 + this.isvProdId;
	}

	@Override
	public String toString() {
		return "QuotingEnclaveIdentity[mrSigner=" + HexFormat.of().formatHex(this.mrSigner) + ", isvProdId="
				+ this.isvProdId + "]";
	}

}
