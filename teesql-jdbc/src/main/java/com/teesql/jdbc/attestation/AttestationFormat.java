package com.teesql.jdbc.attestation;

/**
 * The wire format of a dstack {@code VersionedAttestation} (the {@code 1.3.6.1.4.1.62397.1.8} payload), told by
 * its first byte.
 */
public enum AttestationFormat {

	/** First byte {@code 0x00}: {@code LegacyVersionedAttestation::V0}, SCALE encoded. */
	V0("SCALE"),

	/** First byte a msgpack map prefix: {@code VersionedAttestation::V1}, msgpack with named fields. */
	V1("msgpack");

	private final String encoding;

	AttestationFormat(String encoding) {
		this.encoding = encoding;
	}

	/**
	 * The encoding's name.
	 * @return {@code SCALE} or {@code msgpack}
	 */
	public String encoding() {
		return this.encoding;
	}

}
