package com.teesql.jdbc.attestation;

import com.teesql.jdbc.errors.AttestationException;

/**
 * Verifies a quote's signature chain (DCAP, Intel Trust Authority, …) and reports the platform TCB status.
 */
public interface QuoteVerifier {

	/**
	 * Verify the quote.
	 * @param quote the parsed quote
	 * @return the verification outcome
	 * @throws AttestationException if the quote cannot be verified
	 */
	VerifiedQuote verify(TdxQuote quote) throws AttestationException;

	/**
	 * Short name for logs and results, for example {@code dcap} or {@code none}.
	 * @return the name
	 */
	String name();

}
