package com.teesql.spring.boot.autoconfigure.actuate;

import com.teesql.jdbc.monitor.TeeSqlMonitor;

import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code teesql} info contributor ({@link TeeSqlInfoContributor}), when spring-boot-actuator is on the classpath
 * and {@code management.info.teesql.enabled} is not {@code false}.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = TeeSqlMonitorAutoConfiguration.class)
@ConditionalOnClass({ InfoContributor.class, ConditionalOnEnabledInfoContributor.class })
@ConditionalOnBean(TeeSqlMonitor.class)
@ConditionalOnEnabledInfoContributor("teesql")
public final class TeeSqlInfoContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "teesqlInfoContributor")
	TeeSqlInfoContributor teesqlInfoContributor(TeeSqlMonitor monitor) {
		return new TeeSqlInfoContributor(monitor);
	}

}
