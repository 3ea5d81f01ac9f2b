package com.teesql.jdbc.manifest;

import java.util.Optional;

/**
 * The manifest's signature does not come from the configured signer. Any change to a signed field (tampering) shows
 * up here too, because a different body recovers a different address:
 * {@code manifest signature verification failed: recovered 0x… expected 0x…}. Signatures that recover no key at
 * all (bad recovery byte, high {@code s}, out-of-range {@code r}) use the same prefix.
 */
public class ManifestSignatureException extends ManifestException {

	private static final long serialVersionUID = 1L;

	/** The message prefix operators search for. */
	public static final String PREFIX = "manifest signature verification failed: ";

	private final String recoveredSigner;

	/**
	 * A signature that recovered a different signer.
	 * @param recoveredSigner the recovered address ({@code 0x} + 40 lowercase hex)
	 * @param expectedSigner the configured address
	 */
	public ManifestSignatureException(String recoveredSigner, String expectedSigner) {
		super(PREFIX + "recovered " + recoveredSigner + " expected " + expectedSigner);
		this.recoveredSigner = recoveredSigner;
	}

	/**
	 * A signature from which no signer can be recovered.
	 * @param detail why
	 */
	public ManifestSignatureException(String detail) {
		super(PREFIX + detail);
		this.recoveredSigner = null;
	}

	/**
	 * The address the signature recovered, when it recovered one.
	 * @return the address or empty
	 */
	public Optional<String> recoveredSigner() {
		return Optional.ofNullable(this.recoveredSigner);
	}

}
