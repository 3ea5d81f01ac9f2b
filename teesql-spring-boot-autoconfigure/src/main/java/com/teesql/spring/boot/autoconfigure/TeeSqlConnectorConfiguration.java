package com.teesql.spring.boot.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.tls.RaTlsConnectionObserver;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;

import org.springframework.beans.factory.ObjectProvider;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the RA-TLS connector for the cluster described by {@link TeeSqlConnectionDetails}, registers it for
 * pgjdbc's socket factories, and points Boot's DataSource at it.
 *
 * @author teesql-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(TeeSqlConnectionDetails.class)
class TeeSqlConnectorConfiguration {

	// Several application contexts may live in one JVM (tests), each with its own connector.
	private static final AtomicInteger connectorCount = new AtomicInteger();

	@Bean
	@ConditionalOnMissingBean
	TeeSqlConnectorRegistration teesqlConnectorRegistration(TeeSqlConnectionDetails details,
			TeeSqlProperties properties, ObjectProvider<RaTlsConnectionObserver> observers)
			throws AttestationException {
		QuoteVerifier quoteVerifier = (details.getQuoteVerifier() != null) ? details.getQuoteVerifier()
				: QuoteVerifiers.fromProperties(properties.getAttestation());
		RaTlsConnectionObserver observer = RaTlsConnectionObserver.composite(observers.orderedStream().toList());
		RaTlsConnector connector = new RaTlsConnector(connectorConfig(details, properties, quoteVerifier, observer));
		return new TeeSqlConnectorRegistration("spring-" + connectorCount.incrementAndGet(), connector);
	}

	@Bean
	@ConditionalOnMissingBean(JdbcConnectionDetails.class)
	TeeSqlJdbcConnectionDetails teesqlJdbcConnectionDetails(TeeSqlConnectionDetails details,
			TeeSqlConnectorRegistration registration) {
		return new TeeSqlJdbcConnectionDetails(details.getDsn(), registration.getName());
	}

	private static RaTlsConnectorConfig connectorConfig(TeeSqlConnectionDetails details, TeeSqlProperties properties,
			QuoteVerifier quoteVerifier, RaTlsConnectionObserver observer) {
		TeeSqlDsn dsn = details.getDsn();
		TeeSqlProperties.Attestation attestation = properties.getAttestation();
		String dstackEndpoint = (details.getDstackEndpoint() != null) ? details.getDstackEndpoint()
				: properties.getDstack().getEndpoint();
		AttestationPolicy policy = AttestationPolicy.builder()
			.allowDebugMode(attestation.isAllowDebugMode())
			.acceptableTcbStatuses(attestation.getAcceptableTcbStatuses())
			.allowedMrtds(attestation.getAllowedMrtd())
			.allowedRtmrs(0, attestation.getAllowedRtmr0())
			.allowedRtmrs(1, attestation.getAllowedRtmr1())
			.allowedRtmrs(2, attestation.getAllowedRtmr2())
			.allowedRtmrs(3, attestation.getAllowedRtmr3())
			.allowedComposeHashes(attestation.getAllowedComposeHash())
			.allowedAppIds(attestation.getAllowedAppId())
			.build();
		return RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
			.sslNegotiation(properties.getSslNegotiation())
			.connectTimeout(properties.getConnectTimeout())
			.handshakeTimeout(properties.getHandshakeTimeout())
			.allowSimulator(properties.isAllowSimulator())
			.dstackEndpoint(dstackEndpoint)
			.dstackTimeout(properties.getDstack().getTimeout())
			.policy(policy)
			.quoteVerifier(quoteVerifier)
			.kmsRootCa((attestation.getKmsRootCa() != null)
					? CertificateResources.load(attestation.getKmsRootCa(), "teesql.attestation.kms-root-ca") : null)
			.cacheTtl(attestation.getCacheTtl())
			.observer(observer)
			.build();
	}

}
