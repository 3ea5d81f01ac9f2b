package com.teesql.spring.boot.autoconfigure.routing;

import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Hikari's Micrometer metrics on every leader pool, as Boot's {@code DataSourcePoolMetricsAutoConfiguration} adds
 * them to a Hikari DataSource bean (see {@link LeaderPoolMetricsTrackerFactory} for the names).
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(before = TeeSqlAutoConfiguration.class)
@ConditionalOnClass({ HikariDataSource.class, MeterRegistry.class })
public final class TeeSqlLeaderPoolMetricsAutoConfiguration {

	// The registry is looked up when a pool is created (at run time); without one, pools are not instrumented.
	@Bean
	LeaderPoolCustomizer teesqlLeaderPoolMetrics(ObjectProvider<MeterRegistry> registry) {
		Object lock = new Object();
		LeaderPoolMetricsTrackerFactory[] factory = new LeaderPoolMetricsTrackerFactory[1];
		return (pool) -> {
			MeterRegistry meters = registry.getIfAvailable();
			if (meters == null) {
				return;
			}
			synchronized (lock) {
				if (factory[0] == null) {
					factory[0] = new LeaderPoolMetricsTrackerFactory(meters);
				}
			}
			pool.setMetricsTrackerFactory(factory[0]);
		};
	}

}
