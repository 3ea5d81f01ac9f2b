package com.teesql.jdbc.manifest;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalises configured Ethereum addresses (manifest signer, cluster contract): {@code 0x} + 40 hex, compared in
 * lowercase so EIP-55 checksum case makes no difference.
 */
public final class SignerAddress {

	private static final Pattern ADDRESS = Pattern.compile("0[xX][0-9a-fA-F]{40}");

	private SignerAddress() {
	}

	/**
	 * Validate and lowercase an address.
	 * @param what what the address is, for the message (for example {@code "manifest signer"})
	 * @param address the configured value
	 * @return {@code 0x} + 40 lowercase hex
	 * @throws IllegalArgumentException naming the value when it is not an address
	 */
	public static String normalize(String what, String address) {
		String trimmed = (address != null) ? address.trim() : "";
		if (!ADDRESS.matcher(trimmed).matches()) {
			throw new IllegalArgumentException(what + " must be 0x followed by 40 hex digits, got '"
					+ ManifestParser.shorten(String.valueOf(address)) + "'");
		}
		return "0x" + trimmed.substring(2).toLowerCase(Locale.ROOT);
	}

}
