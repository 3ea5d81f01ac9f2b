package com.teesql.jdbc.attestation;

import com.teesql.jdbc.errors.QuoteVerificationUnavailableException;

/**
 * Stands in for the DCAP verifier until it is implemented: refuses every quote, so that selecting {@code dcap}
 * never silently degrades to no verification.
 */
public final class DcapVerificationUnavailable implements QuoteVerifier {

	public static final String NAME = "dcap";

	@Override
	public VerifiedQuote verify(TdxQuote quote) throws QuoteVerificationUnavailableException {
		throw new QuoteVerificationUnavailableException(QuoteVerificationUnavailableException.DCAP_NOT_AVAILABLE);
	}

	@Override
	public String name() {
		return NAME;
	}

}
