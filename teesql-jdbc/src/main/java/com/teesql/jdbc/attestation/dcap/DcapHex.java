package com.teesql.jdbc.attestation.dcap;

import java.util.HexFormat;

/**
 * Lower-case hex, the form all verification output uses.
 */
final class DcapHex {

	private static final HexFormat HEX = HexFormat.of();

	private DcapHex() {
	}

	static String of(byte[] bytes) {
		return HEX.formatHex(bytes);
	}

}
