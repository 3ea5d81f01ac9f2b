package com.teesql.spring.boot.autoconfigure;

import java.nio.file.Path;

import javax.sql.DataSource;

import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.InvalidDsnException;
import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.ManifestEpochGuard;
import com.teesql.jdbc.manifest.ManifestEpochStore;
import com.teesql.jdbc.manifest.ManifestEpochStoreException;
import com.teesql.jdbc.manifest.ManifestException;
import com.teesql.jdbc.manifest.ManifestResolver;
import com.teesql.jdbc.manifest.ManifestVerifier;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.observation.ManifestRefreshObserver;
import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import com.teesql.jdbc.routing.AsyncManifestRefresh;
import com.teesql.jdbc.routing.Leader;
import com.teesql.jdbc.routing.LeaderPools;
import com.teesql.jdbc.routing.ReadEndpoints;
import com.teesql.jdbc.tls.IdentityRequirement;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.spring.boot.autoconfigure.routing.LeaderPoolCustomizer;
import com.teesql.spring.boot.autoconfigure.routing.TeeSqlLeaderChangedEvent;
import com.teesql.spring.boot.autoconfigure.routing.TeeSqlRoutingDataSource;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.util.StringUtils;

/**
 * Leader-following DataSource when a signed leader manifest is configured ({@code teesql.manifest.domain}, or
 * {@link TeeSqlManifestConnectionDetails} from another source such as a replicated dev cluster): a manifest watcher,
 * one pool per leader, and a lazy proxy so that read-only transactions are routed when they are known to be
 * read-only.
 *
 * @author teesql-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean({ TeeSqlConnectionDetails.class, TeeSqlManifestConnectionDetails.class })
class TeeSqlManifestConfiguration {

	static final String EPOCH_STORE_PROPERTY = "teesql.manifest.epoch-store";

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ManifestWatcher teesqlManifestWatcher(TeeSqlManifestConnectionDetails details, TeeSqlProperties properties,
			ObjectProvider<ManifestRefreshObserver> refreshObserver) throws ManifestException {
		TeeSqlProperties.Manifest manifest = properties.getManifest();
		// From properties, the signer and cluster addresses are required with a domain, and well formed
		// (TeeSqlPropertiesValidation); the verifier refuses malformed ones from another source.
		ManifestVerifier verifier = ManifestVerifier.builder(details.getSignerAddress())
			.clockSkew(manifest.getClockSkew())
			.expectedCluster(details.getClusterAddress())
			.epochGuard(epochGuard(manifest.getEpochStore()))
			.build();
		ManifestResolver resolver = ManifestResolver.builder(verifier)
			.resolvers(details.getResolvers())
			.timeout(manifest.getTimeout())
			.build();
		return ManifestWatcher.start(resolver, details.getDomain(), manifest.getRefreshInterval(),
				refreshObserver.getIfUnique(() -> ManifestRefreshObserver.NONE));
	}

	private static ManifestEpochGuard epochGuard(Path epochStore) throws ManifestEpochStoreException {
		if (epochStore == null) {
			return new ManifestEpochGuard();
		}
		try {
			return new ManifestEpochGuard(0, ManifestEpochStore.open(epochStore));
		}
		catch (ManifestEpochStoreException ex) {
			// Named after the property; the I/O failure underneath (if any) stays the cause.
			throw new ManifestEpochStoreException(EPOCH_STORE_PROPERTY + ": " + ex.getMessage(), ex.getCause());
		}
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	LeaderPools teesqlLeaderPools(TeeSqlConnectionDetails details, TeeSqlProperties properties,
			ObjectProvider<RaTlsConnectionObserver> observers, ManifestWatcher watcher, Environment environment,
			ObjectProvider<LeaderPoolCustomizer> customizers) throws Exception {
		// Settings for any target; each leader's host and port replace the URL's.
		RaTlsConnectorConfig config = ConnectorConfigs.config(details, properties, details.getDsn().host(),
				details.getDsn().port());
		QuoteVerifier quoteVerifier = ConnectorConfigs.quoteVerifier(details, config);
		RaTlsConnectionObserver observer = RaTlsConnectionObserver.composite(observers.orderedStream().toList());
		String readSecret = readSecret(properties, details);
		// Leader pools, and their connectors, are created on first use: refuse an unpinned identity now, at startup.
		IdentityRequirement.check(config);
		Binder binder = Binder.get(environment);
		AsyncManifestRefresh refresh = new AsyncManifestRefresh(watcher);
		return new LeaderPools(new LeaderPools.PoolSettings(details.getDsn(), readSecret,
				ReadEndpoints.parse(properties.getReadOnly().getEndpoints()), config,
				(target) -> RaTlsConnector.builder(target)
					.quoteVerifier(quoteVerifier)
					.observer(observer)
					.unreachableListener(refresh::request),
				(pool) -> {
					HikariDataSource bound = binder.bind("spring.datasource.hikari", Bindable.ofInstance(pool))
						.orElse(pool);
					customizers.orderedStream().forEach((customizer) -> customizer.customize(bound));
					return bound;
				}), refresh);
	}

	@Bean
	@ConditionalOnMissingBean
	Leader teesqlLeader(ManifestWatcher watcher, LeaderPools pools) {
		return Leader.following(watcher, pools);
	}

	// The read-only secret is sent like the main one, so it is held to the same form (64 ASCII hex characters).
	static String readSecret(TeeSqlProperties properties, TeeSqlConnectionDetails details) throws InvalidDsnException {
		String configured = properties.getReadOnly().getClusterSecret();
		if (!StringUtils.hasText(configured)) {
			return details.getDsn().secret().orElseThrow();
		}
		if (!TeeSqlDsn.isValidSecret(configured.trim())) {
			throw new InvalidDsnException("cluster secret in teesql.read-only.cluster-secret must be 64 ASCII hex "
					+ "characters (32 bytes); value not shown");
		}
		return configured.trim();
	}

	@Bean
	@ConditionalOnMissingBean(DataSource.class)
	LazyConnectionDataSourceProxy dataSource(ManifestWatcher watcher, LeaderPools pools, TeeSqlProperties properties,
			ApplicationEventPublisher events) {
		TeeSqlRoutingDataSource routing = new TeeSqlRoutingDataSource(watcher, pools,
				properties.getReadOnly().isEnabled());
		// The leader's pools exist (unconnected) from the start and after every leader change, so that health and
		// metrics show them before the first connection.
		boolean readOnly = properties.getReadOnly().isEnabled();
		createPools(pools, watcher.lastGood(), readOnly);
		routing.afterPropertiesSet();
		watcher.addListener((previous, current) -> {
			pools.retireAllBut(current);
			createPools(pools, current, readOnly);
			routing.refreshTargets();
			events.publishEvent(new TeeSqlLeaderChangedEvent(routing, previous, current));
		});
		return new LazyConnectionDataSourceProxy(routing);
	}

	private static void createPools(LeaderPools pools, LeaderManifest leader, boolean readOnly) {
		pools.pool(leader, false);
		if (readOnly) {
			pools.pool(leader, true);
		}
	}

}
