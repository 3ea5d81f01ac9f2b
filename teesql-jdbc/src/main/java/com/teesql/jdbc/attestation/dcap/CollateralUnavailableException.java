package com.teesql.jdbc.attestation.dcap;

import com.teesql.jdbc.errors.AttestationException;

/**
 * DCAP collateral could not be obtained: the collateral service answered with an error status or a malformed
 * response, could not be reached in time, or an offline collateral file is missing or unreadable. The message names
 * the URL or path and the HTTP status or I/O error. Without collateral no quote can be verified, so this refuses the
 * connection.
 */
public class CollateralUnavailableException extends AttestationException {

	private static final long serialVersionUID = 1L;

	public CollateralUnavailableException(String message) {
		super(message);
	}

	public CollateralUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
