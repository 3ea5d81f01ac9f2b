package com.teesql.spring.boot.autoconfigure;

import java.util.List;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;

/**
 * Connector settings from {@code teesql.*} and the connection details, for any target (the static host of
 * {@code teesql.url}, or each leader the manifest names).
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

	static RaTlsConnectorConfig.Builder builder(TeeSqlConnectionDetails details, TeeSqlProperties properties,
			QuoteVerifier quoteVerifier, RaTlsConnectionObserver observer, String host, int port) {
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
			.quoteVerifier(quoteVerifier)
			.kmsRootCa((attestation.getKmsRootCa() != null)
					? CertificateResources.load(attestation.getKmsRootCa(), "teesql.attestation.kms-root-ca") : null)
			.requireIdentity(attestation.isRequireIdentity())
			.cacheTtl(attestation.getCacheTtl())
			.observer(observer);
	}

}
