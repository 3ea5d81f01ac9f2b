package com.teesql.spring.boot.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.IdentityNotPinnedException;
import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;

import com.teesql.jdbc.routing.Leader;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A fixed {@code teesql.url}, a leader that never changes: creates the RA-TLS connector for the cluster described by
 * {@link TeeSqlConnectionDetails}, registers it for pgjdbc's socket factories, and points Boot's DataSource at it.
 * With {@link TeeSqlManifestConnectionDetails} ({@code teesql.manifest.domain}, or a replicated dev cluster) the
 * {@link TeeSqlManifestConfiguration} follows the leader instead; both are decided by the details alone, whatever
 * the order of the two configurations.
 *
 * @author teesql-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(TeeSqlConnectionDetails.class)
@ConditionalOnMissingBean(TeeSqlManifestConnectionDetails.class)
class TeeSqlConnectorConfiguration {

	// Several application contexts may live in one JVM (tests), each with its own connector.
	private static final AtomicInteger connectorCount = new AtomicInteger();

	@Bean
	@ConditionalOnMissingBean
	TeeSqlConnectorRegistration teesqlConnectorRegistration(TeeSqlConnectionDetails details,
			TeeSqlProperties properties, ObjectProvider<RaTlsConnectionObserver> observers)
			throws AttestationException, IdentityNotPinnedException {
		// Checked here, where a fixed target is known, not when binding the properties: leader discovery comes from
		// manifest connection details, which teesql.manifest.domain or a replicated dev cluster provides.
		if (properties.getReadOnly().isEnabled()) {
			throw new InvalidConfigurationPropertyValueException("teesql.read-only.enabled", true,
					"read-only routing needs leader discovery: set teesql.manifest.domain as well");
		}
		TeeSqlDsn dsn = details.getDsn();
		RaTlsConnectorConfig config = ConnectorConfigs.config(details, properties, dsn.host(), dsn.port());
		RaTlsConnector connector = RaTlsConnector.builder(config)
			.quoteVerifier(ConnectorConfigs.quoteVerifier(details, config))
			.observer(RaTlsConnectionObserver.composite(observers.orderedStream().toList()))
			.build();
		return new TeeSqlConnectorRegistration("spring-" + connectorCount.incrementAndGet(), connector);
	}

	@Bean
	@ConditionalOnMissingBean
	Leader teesqlLeader(TeeSqlConnectorRegistration registration) {
		return Leader.fixed(registration.getConnector());
	}

	@Bean
	@ConditionalOnMissingBean(JdbcConnectionDetails.class)
	TeeSqlJdbcConnectionDetails teesqlJdbcConnectionDetails(TeeSqlConnectionDetails details,
			TeeSqlConnectorRegistration registration) {
		return new TeeSqlJdbcConnectionDetails(details.getDsn(), registration.getName());
	}

}
