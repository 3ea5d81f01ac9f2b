package com.teesql.jdbc.errors;

/**
 * The TD's MRTD is not in the configured allowlist.
 */
public class MrtdNotAllowedException extends AttestationException {

	private static final long serialVersionUID = 1L;

	private final String mrtd;

	/**
	 * Create the exception for the given MRTD.
	 * @param mrtd the TD's MRTD as lowercase hex
	 */
	public MrtdNotAllowedException(String mrtd) {
		super("MRTD \"" + mrtd + "\" is not in the allowlist. "
				+ "Update teesql.attestation.allowed-mrtd if you intentionally upgraded the CVM image.");
		this.mrtd = mrtd;
	}

	/**
	 * The refused MRTD.
	 * @return lowercase hex
	 */
	public String mrtd() {
		return this.mrtd;
	}

}
