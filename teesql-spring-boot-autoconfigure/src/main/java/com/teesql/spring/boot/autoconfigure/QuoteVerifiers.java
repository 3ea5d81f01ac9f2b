package com.teesql.spring.boot.autoconfigure;

import java.net.URI;
import java.security.cert.X509Certificate;

import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.SignatureVerificationSkipped;
import com.teesql.jdbc.attestation.dcap.DcapQuoteVerifier;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityConfig;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityVerifier;
import com.teesql.jdbc.errors.AttestationException;

/**
 * Builds the quote verifier {@code teesql.attestation.*} describes.
 *
 * @author teesql-spring-boot
 */
final class QuoteVerifiers {

	private QuoteVerifiers() {
	}

	static QuoteVerifier forDetails(TeeSqlConnectionDetails details, TeeSqlProperties.Attestation attestation)
			throws AttestationException {
		return (details.getQuoteVerifier() != null) ? details.getQuoteVerifier() : fromProperties(attestation);
	}

	static QuoteVerifier fromProperties(TeeSqlProperties.Attestation attestation) throws AttestationException {
		return switch (attestation.getVerifier()) {
			case DCAP -> dcap(attestation.getDcap());
			case INTEL_TRUST_AUTHORITY -> intelTrustAuthority(attestation.getIntelTrustAuthority());
			case NONE -> new SignatureVerificationSkipped();
		};
	}

	private static QuoteVerifier dcap(TeeSqlProperties.Dcap dcap) {
		X509Certificate root = (dcap.getRootCa() != null)
				? CertificateResources.load(dcap.getRootCa(), "teesql.attestation.dcap.root-ca") : null;
		URI pccsUrl = uri(dcap.getPccsUrl(), "teesql.attestation.dcap.pccs-url");
		try {
			return DcapQuoteVerifier.create(root, pccsUrl, dcap.getCollateralDir(), dcap.getTimeout());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("teesql.attestation.dcap.pccs-url \"" + dcap.getPccsUrl()
					+ "\" is not usable: " + ex.getMessage(), ex);
		}
	}

	private static QuoteVerifier intelTrustAuthority(TeeSqlProperties.IntelTrustAuthority ita)
			throws AttestationException {
		return new IntelTrustAuthorityVerifier(IntelTrustAuthorityConfig.builder()
			.apiKey(IntelTrustAuthorityConfig.resolveApiKey(ita.getApiKey()))
			.baseUrl(ita.getBaseUrl())
			.jwksUrl(ita.getJwksUrl())
			.requestTimeout(ita.getTimeout())
			.build());
	}

	private static URI uri(String value, String property) {
		try {
			URI uri = URI.create(value.trim());
			if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme())
					|| "https".equalsIgnoreCase(uri.getScheme()))) {
				throw new IllegalArgumentException("no scheme or host");
			}
			return uri;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(property + " \"" + value + "\" is not an absolute http(s) URL", ex);
		}
	}

}
