package com.teesql.spring.boot.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.IdentityNotPinnedException;
import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;

import org.springframework.beans.factory.ObjectProvider;

import com.teesql.jdbc.routing.LeaderPools;

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
@ConditionalOnMissingBean(LeaderPools.class)
class TeeSqlConnectorConfiguration {

	// Several application contexts may live in one JVM (tests), each with its own connector.
	private static final AtomicInteger connectorCount = new AtomicInteger();

	@Bean
	@ConditionalOnMissingBean
	TeeSqlConnectorRegistration teesqlConnectorRegistration(TeeSqlConnectionDetails details,
			TeeSqlProperties properties, ObjectProvider<RaTlsConnectionObserver> observers)
			throws AttestationException, IdentityNotPinnedException {
		QuoteVerifier quoteVerifier = QuoteVerifiers.forDetails(details, properties.getAttestation());
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
		return ConnectorConfigs.builder(details, properties, quoteVerifier, observer, dsn.host(), dsn.port()).build();
	}

}
