package com.teesql.jdbc.attestation.ita;

import com.teesql.jdbc.errors.AttestationException;

/**
 * Intel Trust Authority verification was selected but no API key is configured, neither as a property nor in the
 * {@code INTEL_TRUST_AUTHORITY_API_KEY} environment variable.
 */
public class IntelTrustAuthorityApiKeyMissingException extends AttestationException {

	private static final long serialVersionUID = 1L;

	/** The message, worded like the official clients' so that operators can search for it. */
	public static final String MESSAGE = "Intel Trust Authority API key required. "
			+ "Set teesql.attestation.intel-trust-authority.api-key "
			+ "or the INTEL_TRUST_AUTHORITY_API_KEY environment variable. "
			+ "Register at https://portal.trustauthority.intel.com";

	public IntelTrustAuthorityApiKeyMissingException() {
		super(MESSAGE);
	}

}
