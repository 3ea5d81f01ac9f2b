package com.teesql.spring.boot.autoconfigure.r2dbc;

import java.util.List;

import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.InvalidDsnException;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.routing.LeaderPools;
import com.teesql.r2dbc.AttestedConnectionFactory;
import com.teesql.r2dbc.routing.R2dbcLeaderPools;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.util.StringUtils;

import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectorRegistration;
import com.teesql.spring.boot.autoconfigure.TeeSqlProperties;
import com.teesql.spring.boot.autoconfigure.routing.TeeSqlLeaderChangedEvent;

/**
 * Auto-configuration for attested R2DBC connections to a TeeSQL cluster, through the same RA-TLS connectors,
 * verification and metrics as the JDBC path, configured by the same {@code teesql.*} properties (the embedded dev
 * cluster is a service connection for both):
 * <ul>
 * <li>a fixed target: {@link R2dbcConnectionDetails} that make Boot's R2DBC {@link ConnectionFactory} (and every
 * {@code spring.r2dbc.pool.*} setting) connect through the application's connector;</li>
 * <li>leader following ({@code teesql.manifest.domain}): a {@link TeeSqlRoutingConnectionFactory} with one
 * r2dbc-pool per leader (configured by {@code spring.r2dbc.pool.*}), drained on a leader change.</li>
 * </ul>
 * {@code spring.r2dbc.url}, {@code username} and {@code password} are refused: they describe a connection that
 * bypasses RA-TLS.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = TeeSqlAutoConfiguration.class,
		beforeName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration")
@ConditionalOnClass({ ConnectionFactory.class, AttestedConnectionFactory.class, R2dbcConnectionDetails.class })
public final class TeeSqlR2dbcAutoConfiguration {

	private static final List<String> OWN_CONNECTION_PROPERTIES = List.of("spring.r2dbc.url",
			"spring.r2dbc.username", "spring.r2dbc.password");

	// Names only are reported, never values: they may be credentials.
	static void refuseOwnConnection(Environment environment) {
		List<String> set = OWN_CONNECTION_PROPERTIES.stream()
			.filter((property) -> StringUtils.hasText(environment.getProperty(property)))
			.toList();
		if (!set.isEmpty()) {
			throw new R2dbcConnectionBypassException(set);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean({ TeeSqlConnectionDetails.class, TeeSqlConnectorRegistration.class })
	static class FixedTargetConfiguration {

		@Bean
		@ConditionalOnMissingBean(R2dbcConnectionDetails.class)
		TeeSqlR2dbcConnectionDetails teesqlR2dbcConnectionDetails(TeeSqlConnectionDetails details,
				TeeSqlConnectorRegistration registration, Environment environment) {
			refuseOwnConnection(environment);
			return new TeeSqlR2dbcConnectionDetails(details.getDsn(), registration.getConnector());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.r2dbc.pool.ConnectionPool",
			"org.springframework.r2dbc.connection.lookup.AbstractRoutingConnectionFactory" })
	@ConditionalOnBean({ TeeSqlConnectionDetails.class, ManifestWatcher.class, LeaderPools.class })
	static class LeaderFollowingConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		R2dbcLeaderPools teesqlR2dbcLeaderPools(LeaderPools leaderPools, TeeSqlConnectionDetails details,
				TeeSqlProperties properties, Environment environment) throws InvalidDsnException {
			refuseOwnConnection(environment);
			R2dbcProperties.Pool pool = Binder.get(environment)
				.bind("spring.r2dbc.pool", R2dbcProperties.Pool.class)
				.orElseGet(R2dbcProperties.Pool::new);
			return new R2dbcLeaderPools(leaderPools, details.getDsn(), readSecret(properties, details.getDsn()),
					(factory) -> poolConfiguration(factory, pool));
		}

		@Bean
		@ConditionalOnMissingBean(ConnectionFactory.class)
		TeeSqlRoutingConnectionFactory connectionFactory(ManifestWatcher watcher, R2dbcLeaderPools pools,
				LeaderPools leaderPools, TeeSqlProperties properties, ApplicationEventPublisher events) {
			TeeSqlRoutingConnectionFactory routing = new TeeSqlRoutingConnectionFactory(watcher, pools,
					properties.getReadOnly().isEnabled());
			watcher.addListener((previous, current) -> {
				// Idempotent: the JDBC path's DataSource (when there is one) runs the same pass for its pools.
				leaderPools.retireAllBut(current);
				pools.retireAllBut(current);
				events.publishEvent(new TeeSqlLeaderChangedEvent(routing, previous, current));
			});
			return routing;
		}

		@Bean
		@ConditionalOnMissingBean(ReactiveTransactionManager.class)
		TeeSqlR2dbcTransactionManager transactionManager(TeeSqlRoutingConnectionFactory connectionFactory) {
			return new TeeSqlR2dbcTransactionManager(connectionFactory);
		}

		// As Boot builds its own pool from spring.r2dbc.pool.* (ConnectionFactoryConfigurations).
		private static ConnectionPoolConfiguration poolConfiguration(ConnectionFactory factory,
				R2dbcProperties.Pool pool) {
			PropertyMapper map = PropertyMapper.get();
			ConnectionPoolConfiguration.Builder builder = ConnectionPoolConfiguration.builder(factory);
			map.from(pool.getMaxIdleTime()).to(builder::maxIdleTime);
			map.from(pool.getMaxLifeTime()).to(builder::maxLifeTime);
			map.from(pool.getMaxAcquireTime()).to(builder::maxAcquireTime);
			map.from(pool.getAcquireRetry()).to(builder::acquireRetry);
			map.from(pool.getMaxCreateConnectionTime()).to(builder::maxCreateConnectionTime);
			map.from(pool.getInitialSize()).to(builder::initialSize);
			map.from(pool.getMaxSize()).to(builder::maxSize);
			map.from(pool.getValidationQuery()).whenHasText().to(builder::validationQuery);
			map.from(pool.getValidationDepth()).to(builder::validationDepth);
			map.from(pool.getMinIdle()).to(builder::minIdle);
			map.from(pool.getMaxValidationTime()).to(builder::maxValidationTime);
			return builder.build();
		}

		// The read-only secret is held to the same form as the main one (teesql.read-only.cluster-secret).
		private static String readSecret(TeeSqlProperties properties, TeeSqlDsn dsn) throws InvalidDsnException {
			String configured = properties.getReadOnly().getClusterSecret();
			if (!StringUtils.hasText(configured)) {
				return dsn.secret().orElseThrow();
			}
			if (!TeeSqlDsn.isValidSecret(configured.trim())) {
				throw new InvalidDsnException("cluster secret in teesql.read-only.cluster-secret must be 64 ASCII hex "
						+ "characters (32 bytes); value not shown");
			}
			return configured.trim();
		}

	}

}
