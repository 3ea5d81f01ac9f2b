package com.teesql.jdbc.attestation;

import java.net.URI;

import com.teesql.jdbc.attestation.dcap.DcapQuoteVerifier;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityApiKeyMissingException;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityConfig;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityVerifier;

/**
 * The one place a {@link QuoteVerifier} is chosen and built from {@link QuoteVerifierSettings}, for the connector,
 * the starter and the CLI alike.
 */
public final class QuoteVerifiers {

	private QuoteVerifiers() {
	}

	/**
	 * Build the verifier the settings describe: DCAP against the given root (or the embedded Intel SGX Root CA) with
	 * collateral from an offline directory or a PCCS (cached until its {@code nextUpdate}); Intel Trust Authority
	 * with the configured API key, else the one in {@value IntelTrustAuthorityConfig#API_KEY_ENVIRONMENT_VARIABLE};
	 * or no signature verification.
	 * @param settings the settings
	 * @return a new verifier
	 * @throws IntelTrustAuthorityApiKeyMissingException when Intel Trust Authority has no API key
	 * @throws IllegalArgumentException when a URL is not usable
	 */
	public static QuoteVerifier create(QuoteVerifierSettings settings)
			throws IntelTrustAuthorityApiKeyMissingException {
		return switch (settings.kind()) {
			case DCAP -> dcap(settings);
			case INTEL_TRUST_AUTHORITY -> new IntelTrustAuthorityVerifier(IntelTrustAuthorityConfig.builder()
				.apiKey(IntelTrustAuthorityConfig.resolveApiKey(settings.itaApiKey()))
				.baseUrl(settings.itaBaseUrl())
				.jwksUrl(settings.itaJwksUrl())
				.requestTimeout(settings.itaTimeout())
				.build());
			case NONE -> new SignatureVerificationSkipped();
		};
	}

	private static QuoteVerifier dcap(QuoteVerifierSettings settings) {
		URI pccsUrl = settings.pccsUrl();
		if (settings.collateralDir() == null && (pccsUrl.getHost() == null
				|| !("http".equalsIgnoreCase(pccsUrl.getScheme()) || "https".equalsIgnoreCase(pccsUrl.getScheme())))) {
			throw new IllegalArgumentException("PCCS URL \"" + pccsUrl + "\" is not an absolute http(s) URL");
		}
		return DcapQuoteVerifier.create(settings.dcapRootCa(), pccsUrl, settings.collateralDir(),
				settings.dcapTimeout());
	}

}
