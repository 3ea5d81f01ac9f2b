package com.teesql.jdbc.manifest;

import java.util.HexFormat;

/**
 * The fields of a manifest as parsed from its TXT string, not yet verified. {@code cluster} and
 * {@code leaderInstance} are already lowercased and {@code epoch}/{@code validUntil} normalised to numbers, so
 * {@link #canonicalBody()} is the exact byte string the signer signed, whatever order, case or whitespace the wire
 * used.
 *
 * @param cluster the cluster contract address, {@code 0x} + 40 lowercase hex
 * @param epoch the leader epoch
 * @param leaderInstance the leader's dstack instance id, lowercase hex
 * @param leaderUrl the leader URL, verbatim
 * @param version the manifest version (always {@code "1"} after parsing)
 * @param validUntil expiry, unix seconds
 * @param signature the signature, {@code 0x} + 130 lowercase hex ({@code r ‖ s ‖ v})
 */
public record ParsedManifest(String cluster, long epoch, String leaderInstance, String leaderUrl, String version,
		long validUntil, String signature) {

	/**
	 * The canonical signing body (protocol §6.4): the six signed pairs in fixed key order, {@code ;}-joined.
	 * @return the body
	 */
	public String canonicalBody() {
		return "cluster=" + this.cluster + ";epoch=" + this.epoch + ";leader_instance="
				+ this.leaderInstance + ";leader_url=" + this.leaderUrl + ";v=" + this.version + ";valid_until="
				+ this.validUntil;
	}

	/**
	 * The 65 signature bytes.
	 * @return a fresh copy of {@code r ‖ s ‖ v}
	 */
	public byte[] signatureBytes() {
		return HexFormat.of().parseHex(this.signature, 2, this.signature.length());
	}

}
