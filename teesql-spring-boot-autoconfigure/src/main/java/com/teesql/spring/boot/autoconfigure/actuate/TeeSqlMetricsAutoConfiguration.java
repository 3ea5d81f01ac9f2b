package com.teesql.spring.boot.autoconfigure.actuate;

import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.routing.Leader;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the attested connection: handshakes and verifications ({@link TeeSqlConnectionMetrics}, an
 * observer of the connector) and, with a leader manifest, leader discovery ({@link TeeSqlManifestMetrics}). Both are
 * {@code MeterBinder} beans that Boot binds to the application's registry.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = TeeSqlAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ Leader.class, MeterRegistry.class })
public final class TeeSqlMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TeeSqlConnectionMetrics teesqlConnectionMetrics() {
		return new TeeSqlConnectionMetrics();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ManifestWatcher.class)
	TeeSqlManifestMetrics teesqlManifestMetrics(ManifestWatcher watcher) {
		return new TeeSqlManifestMetrics(watcher);
	}

}
