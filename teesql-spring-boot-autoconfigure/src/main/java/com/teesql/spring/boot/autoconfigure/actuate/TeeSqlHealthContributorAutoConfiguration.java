package com.teesql.spring.boot.autoconfigure.actuate;

import com.teesql.jdbc.monitor.TeeSqlMonitor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code teesql} health indicator ({@link TeeSqlHealthIndicator}), when spring-boot-health is on the classpath
 * and {@code management.health.teesql.enabled} is not {@code false}.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = TeeSqlMonitorAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(TeeSqlMonitor.class)
@ConditionalOnEnabledHealthIndicator("teesql")
public final class TeeSqlHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "teesqlHealthIndicator", "teesqlHealthContributor" })
	TeeSqlHealthIndicator teesqlHealthIndicator(TeeSqlMonitor monitor) {
		return new TeeSqlHealthIndicator(monitor);
	}

}
