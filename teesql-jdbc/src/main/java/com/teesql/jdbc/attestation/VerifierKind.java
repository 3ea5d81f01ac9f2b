package com.teesql.jdbc.attestation;

import com.teesql.jdbc.attestation.dcap.DcapQuoteVerifier;
import com.teesql.jdbc.attestation.dcap.PcsCollateralClient;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityApiKeyMissingException;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityConfig;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityVerifier;

/**
 * The configured quote verifier ({@code teesql.attestation.verifier}).
 */
public enum VerifierKind {

	/** Local Intel DCAP verification (the default). */
	DCAP,

	/** Intel Trust Authority's attestation service. */
	INTEL_TRUST_AUTHORITY,

	/** No signature verification; development only. */
	NONE;

	/**
	 * Create the verifier for this kind with its default settings: DCAP against the pinned Intel SGX Root CA with
	 * collateral from Intel PCS (cached until its {@code nextUpdate}); Intel Trust Authority with the API key from
	 * {@code INTEL_TRUST_AUTHORITY_API_KEY}.
	 * @return a new verifier
	 * @throws IllegalStateException when Intel Trust Authority has no API key (its cause is the
	 * {@link IntelTrustAuthorityApiKeyMissingException})
	 */
	public QuoteVerifier create() {
		return switch (this) {
			case DCAP -> DcapQuoteVerifier.create(null, PcsCollateralClient.INTEL_PCS, null,
					PcsCollateralClient.DEFAULT_TIMEOUT);
			case INTEL_TRUST_AUTHORITY -> new IntelTrustAuthorityVerifier(
					IntelTrustAuthorityConfig.builder().apiKey(apiKeyFromEnvironment()).build());
			case NONE -> new SignatureVerificationSkipped();
		};
	}

	private static String apiKeyFromEnvironment() {
		try {
			return IntelTrustAuthorityConfig.resolveApiKey(null);
		}
		catch (IntelTrustAuthorityApiKeyMissingException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

}
