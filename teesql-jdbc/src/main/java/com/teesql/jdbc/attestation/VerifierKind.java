package com.teesql.jdbc.attestation;

/**
 * The configured quote verifier ({@code teesql.attestation.verifier}).
 */
public enum VerifierKind {

	/** Local Intel DCAP verification (the default). */
	DCAP,

	/** No signature verification; development only. */
	NONE;

	/**
	 * Create the verifier for this kind.
	 * @return a new verifier
	 */
	public QuoteVerifier create() {
		return switch (this) {
			case DCAP -> new DcapVerificationUnavailable();
			case NONE -> new SignatureVerificationSkipped();
		};
	}

}
