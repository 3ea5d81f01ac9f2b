package com.teesql.jdbc.attestation;

/**
 * A {@link QuoteVerifier} that does not verify quote signatures (verifier {@code none}). The key binding and the
 * policy are still enforced, but a forged quote would pass: for development against simulators only.
 */
public final class SignatureVerificationSkipped implements QuoteVerifier {

	public static final String NAME = "none";

	public static final String TCB_STATUS = "Unverified";

	@Override
	public VerifiedQuote verify(TdxQuote quote) {
		return new VerifiedQuote(TCB_STATUS, NAME);
	}

	@Override
	public String name() {
		return NAME;
	}

}
