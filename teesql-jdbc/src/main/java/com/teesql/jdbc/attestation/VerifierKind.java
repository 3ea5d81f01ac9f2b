package com.teesql.jdbc.attestation;

/**
 * The configured quote verifier ({@code teesql.attestation.verifier}); {@link QuoteVerifiers} builds it from
 * {@link QuoteVerifierSettings}.
 */
public enum VerifierKind {

	/** Local Intel DCAP verification (the default). */
	DCAP,

	/** Intel Trust Authority's attestation service. */
	INTEL_TRUST_AUTHORITY,

	/** No signature verification; development only. */
	NONE

}
