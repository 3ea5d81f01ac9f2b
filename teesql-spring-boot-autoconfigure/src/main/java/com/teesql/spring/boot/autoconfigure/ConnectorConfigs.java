package com.teesql.spring.boot.autoconfigure;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.QuoteVerifierSettings;
import com.teesql.jdbc.attestation.QuoteVerifiers;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;

/**
 * Connector settings from {@code teesql.*} and the connection details, for any target (the static host of
 * {@code teesql.url}, or each leader the manifest names): the translation of the properties into teesql-jdbc's
 * {@link RaTlsConnectorConfig} and {@link QuoteVerifierSettings}, which hold the defaults.
 *
 * @author teesql-spring-boot
 */
final class ConnectorConfigs {

	private ConnectorConfigs() {
	}

	static AttestationPolicy policy(TeeSqlConnectionDetails details, TeeSqlProperties.Attestation attestation) {
		// The properties decide; the details' own app ids (the dev cluster's) only fill an empty allowlist.
		List<String> appIds = attestation.getAllowedAppId().isEmpty() ? details.getAllowedAppIds()
				: attestation.getAllowedAppId();
		return AttestationPolicy.builder()
			.allowDebugMode(attestation.isAllowDebugMode())
			.acceptableTcbStatuses(attestation.getAcceptableTcbStatuses())
			.allowedMrtds(attestation.getAllowedMrtd())
			.allowedRtmrs(0, attestation.getAllowedRtmr0())
			.allowedRtmrs(1, attestation.getAllowedRtmr1())
			.allowedRtmrs(2, attestation.getAllowedRtmr2())
			.allowedRtmrs(3, attestation.getAllowedRtmr3())
			.allowedComposeHashes(attestation.getAllowedComposeHash())
			.allowedAppIds(appIds)
			.build();
	}

	static RaTlsConnectorConfig config(TeeSqlConnectionDetails details, TeeSqlProperties properties, String host,
			int port) {
		TeeSqlProperties.Attestation attestation = properties.getAttestation();
		String dstackEndpoint = (details.getDstackEndpoint() != null) ? details.getDstackEndpoint()
				: properties.getDstack().getEndpoint();
		return RaTlsConnectorConfig.builder(host, port)
			.sslNegotiation(properties.getSslNegotiation())
			.connectTimeout(properties.getConnectTimeout())
			.handshakeTimeout(properties.getHandshakeTimeout())
			.allowSimulator(properties.isAllowSimulator())
			.dstackEndpoint(dstackEndpoint)
			.dstackTimeout(properties.getDstack().getTimeout())
			.policy(policy(details, attestation))
			.verifier(verifierSettings(attestation))
			.kmsRootCa((attestation.getKmsRootCa() != null)
					? CertificateResources.load(attestation.getKmsRootCa(), "teesql.attestation.kms-root-ca") : null)
			.requireIdentity(attestation.isRequireIdentity())
			.cacheTtl(attestation.getCacheTtl())
			.build();
	}

	static QuoteVerifierSettings verifierSettings(TeeSqlProperties.Attestation attestation) {
		TeeSqlProperties.Dcap dcap = attestation.getDcap();
		TeeSqlProperties.IntelTrustAuthority ita = attestation.getIntelTrustAuthority();
		X509Certificate root = (dcap.getRootCa() != null)
				? CertificateResources.load(dcap.getRootCa(), "teesql.attestation.dcap.root-ca") : null;
		return QuoteVerifierSettings.builder()
			.kind(attestation.getVerifier())
			.dcapRootCa(root)
			.pccsUrl(uri(dcap.getPccsUrl(), "teesql.attestation.dcap.pccs-url"))
			.collateralDir(dcap.getCollateralDir())
			.dcapTimeout(dcap.getTimeout())
			.itaApiKey(ita.getApiKey())
			.itaBaseUrl(ita.getBaseUrl())
			.itaJwksUrl(ita.getJwksUrl())
			.itaTimeout(ita.getTimeout())
			.build();
	}

	/**
	 * The quote verifier shared by every connector of the application: the connection details' own (the dev
	 * cluster's), else the one the settings describe.
	 */
	static QuoteVerifier quoteVerifier(TeeSqlConnectionDetails details, RaTlsConnectorConfig config)
			throws AttestationException {
		if (details.getQuoteVerifier() != null) {
			return details.getQuoteVerifier();
		}
		try {
			return QuoteVerifiers.create(config.verifier());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("teesql.attestation.dcap.pccs-url \"" + config.verifier().pccsUrl()
					+ "\" is not usable: " + ex.getMessage(), ex);
		}
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
