package com.teesql.spring.boot.autoconfigure.actuate;

import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Leader-discovery meters ({@link TeeSqlManifestMetrics}), a {@code MeterBinder} bean that Boot binds to the
 * application's registry.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = TeeSqlAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ ManifestWatcher.class, MeterRegistry.class })
public final class TeeSqlManifestMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TeeSqlManifestMetrics teesqlManifestMetrics(ManifestWatcher watcher) {
		return new TeeSqlManifestMetrics(watcher);
	}

}
