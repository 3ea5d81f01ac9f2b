package com.teesql.spring.boot.autoconfigure.actuate;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.monitor.FixedTarget;
import com.teesql.jdbc.monitor.HikariPoolState;
import com.teesql.jdbc.monitor.LeaderTargets;
import com.teesql.jdbc.monitor.TeeSqlConnectionActivity;
import com.teesql.jdbc.monitor.TeeSqlMonitor;
import com.teesql.jdbc.routing.LeaderPools;
import com.teesql.jdbc.sidecar.SidecarHttpClient;
import com.teesql.jdbc.sidecar.SidecarHttpUrlResolver;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectorRegistration;
import com.teesql.spring.boot.autoconfigure.TeeSqlProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Observability of the attested TeeSQL connection: a {@code teesql} health indicator, info contributor and actuator
 * endpoint, and Micrometer meters of handshakes and verifications. Each part is active only when its library is on
 * the classpath (spring-boot-health, spring-boot-actuator, micrometer-core) and it is enabled; the application
 * starts without any of them. The target is the fixed connector of the configuration or, with
 * {@code teesql.manifest.domain}, the leader the signed manifest currently names (see {@link SidecarHttpUrlResolver}
 * for where its sidecar HTTP API is found).
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = TeeSqlAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@Conditional(TeeSqlActuateAutoConfiguration.OnTeeSqlTargetCondition.class)
public final class TeeSqlActuateAutoConfiguration {

	/** Port of the sidecar's HTTP API on a real node. */
	static final int SIDECAR_HTTP_PORT = 8080;

	@Bean
	@ConditionalOnMissingBean
	TeeSqlConnectionActivity teesqlConnectionActivity() {
		return new TeeSqlConnectionActivity();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnBean(TeeSqlConnectorRegistration.class)
	TeeSqlMonitor teesqlMonitor(TeeSqlConnectorRegistration registration, TeeSqlConnectionActivity activity,
			TeeSqlProperties properties, ObjectProvider<TeeSqlConnectionDetails> details,
			ObjectProvider<DataSource> dataSources) {
		RaTlsConnector connector = registration.getConnector();
		URI sidecarUrl = sidecarHttpUrl(properties, details.getIfAvailable(), connector);
		return new TeeSqlMonitor(connector, activity,
				new SidecarHttpClient(sidecarUrl, properties.getSidecar().getTimeout()),
				new HikariPoolState(dataSources::getIfUnique), Clock.systemUTC());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnBean({ ManifestWatcher.class, LeaderPools.class })
	TeeSqlMonitor teesqlLeaderMonitor(ManifestWatcher watcher, LeaderPools pools, TeeSqlConnectionActivity activity,
			TeeSqlProperties properties, ObjectProvider<SidecarHttpUrlResolver> sidecarUrls,
			ObjectProvider<DataSource> dataSources) {
		Duration timeout = properties.getSidecar().getTimeout();
		SidecarHttpUrlResolver resolver = sidecarHttpUrls(properties, sidecarUrls.getIfAvailable());
		return new TeeSqlMonitor(
				new LeaderTargets(watcher, pools,
						(leader) -> new SidecarHttpClient(resolver.sidecarHttpUrl(leader), timeout)),
				activity, new HikariPoolState(dataSources::getIfUnique), timeout, Clock.systemUTC());
	}

	// Following the leader: an explicit property (one fixed sidecar, for example behind a proxy) wins, then the
	// application's resolver, then the standard port on the leader's host.
	static SidecarHttpUrlResolver sidecarHttpUrls(TeeSqlProperties properties, SidecarHttpUrlResolver resolver) {
		URI fixed = properties.getSidecar().getHttpUrl();
		if (fixed != null) {
			return (leader) -> fixed;
		}
		if (resolver != null) {
			return resolver;
		}
		return (leader) -> standardSidecarHttpUrl(leader.host());
	}

	private static URI standardSidecarHttpUrl(String host) {
		return URI.create("http://" + ((host.indexOf(':') >= 0) ? "[" + host + "]" : host) + ":" + SIDECAR_HTTP_PORT);
	}

	// An explicit property wins, then what the details source knows (the dev cluster's ephemeral port), then the
	// standard port on the target host.
	static URI sidecarHttpUrl(TeeSqlProperties properties, TeeSqlConnectionDetails details,
			RaTlsConnector connector) {
		if (properties.getSidecar().getHttpUrl() != null) {
			return properties.getSidecar().getHttpUrl();
		}
		if (details != null && details.getSidecarHttpUrl() != null) {
			return details.getSidecarHttpUrl();
		}
		return standardSidecarHttpUrl(connector.config().host());
	}

	/**
	 * A TeeSQL target to monitor: the connector of a fixed configuration, or a leader manifest with its pools.
	 */
	static final class OnTeeSqlTargetCondition extends AnyNestedCondition {

		OnTeeSqlTargetCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(TeeSqlConnectorRegistration.class)
		static final class FixedTarget {

		}

		@ConditionalOnBean({ ManifestWatcher.class, LeaderPools.class })
		static final class LeaderManifest {

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("teesql")
	static class TeeSqlHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = { "teesqlHealthIndicator", "teesqlHealthContributor" })
		TeeSqlHealthIndicator teesqlHealthIndicator(TeeSqlMonitor monitor) {
			return new TeeSqlHealthIndicator(monitor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ InfoContributor.class, ConditionalOnEnabledInfoContributor.class })
	@ConditionalOnEnabledInfoContributor("teesql")
	static class TeeSqlInfoConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "teesqlInfoContributor")
		TeeSqlInfoContributor teesqlInfoContributor(TeeSqlMonitor monitor) {
			return new TeeSqlInfoContributor(monitor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	static class TeeSqlEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		TeeSqlEndpoint teesqlEndpoint(TeeSqlMonitor monitor) {
			return new TeeSqlEndpoint(monitor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class TeeSqlMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TeeSqlConnectionMetrics teesqlConnectionMetrics() {
			return new TeeSqlConnectionMetrics();
		}

	}

}
