package com.teesql.spring.boot.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;

import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Leader-discovery meters: {@code teesql.leader.changes} (counter), {@code teesql.manifest.age} (seconds since the
 * manifest was last verified) and {@code teesql.manifest.epoch}.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = TeeSqlAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ ManifestWatcher.class, MeterRegistry.class })
public final class TeeSqlManifestMetricsAutoConfiguration {

	@Bean
	SmartInitializingSingleton teesqlManifestMeters(ManifestWatcher watcher, MeterRegistry registry) {
		return () -> {
			Counter changes = Counter.builder("teesql.leader.changes")
				.description("Leader changes seen in the signed manifest")
				.register(registry);
			watcher.addListener((previous, current) -> changes.increment());
			Gauge.builder("teesql.manifest.age", watcher,
					(w) -> Duration.between(w.lastVerified(), Instant.now()).toMillis() / 1000.0)
				.description("Seconds since the leader manifest was last resolved and verified")
				.baseUnit("seconds")
				.register(registry);
			Gauge.builder("teesql.manifest.epoch", watcher, (w) -> w.lastGood().epoch())
				.description("Epoch of the current leader manifest")
				.register(registry);
		};
	}

}
