package com.teesql.spring.boot.autoconfigure;

import java.net.URI;
import java.time.Clock;

import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.SignatureVerificationSkipped;
import com.teesql.jdbc.attestation.dcap.CachingCollateralSource;
import com.teesql.jdbc.attestation.dcap.CollateralSource;
import com.teesql.jdbc.attestation.dcap.DcapQuoteVerifier;
import com.teesql.jdbc.attestation.dcap.DcapVerifier;
import com.teesql.jdbc.attestation.dcap.OfflineCollateralSource;
import com.teesql.jdbc.attestation.dcap.PcsCollateralClient;
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

	static QuoteVerifier fromProperties(TeeSqlProperties.Attestation attestation) throws AttestationException {
		return switch (attestation.getVerifier()) {
			case DCAP -> dcap(attestation.getDcap());
			case INTEL_TRUST_AUTHORITY -> intelTrustAuthority(attestation.getIntelTrustAuthority());
			case NONE -> new SignatureVerificationSkipped();
		};
	}

	private static QuoteVerifier dcap(TeeSqlProperties.Dcap dcap) {
		DcapVerifier verifier = (dcap.getRootCa() != null)
				? new DcapVerifier(CertificateResources.load(dcap.getRootCa(), "teesql.attestation.dcap.root-ca"))
				: DcapVerifier.withIntelRoot();
		CollateralSource source = (dcap.getCollateralDir() != null)
				? new OfflineCollateralSource(dcap.getCollateralDir())
				: new CachingCollateralSource(new PcsCollateralClient(uri(dcap.getPccsUrl(),
						"teesql.attestation.dcap.pccs-url"), dcap.getTimeout()), Clock.systemUTC());
		return new DcapQuoteVerifier(verifier, source, Clock.systemUTC());
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
			if (uri.getScheme() == null || uri.getHost() == null) {
				throw new IllegalArgumentException("no scheme or host");
			}
			return uri;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(property + " \"" + value + "\" is not an absolute http(s) URL", ex);
		}
	}

}
