package com.teesql.spring.boot.autoconfigure.actuate;

import com.teesql.jdbc.monitor.TeeSqlMonitor;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code teesql} actuator endpoint ({@link TeeSqlEndpoint}), when spring-boot-actuator is on the classpath and
 * the endpoint is available (enabled and exposed).
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = TeeSqlMonitorAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(TeeSqlMonitor.class)
public final class TeeSqlEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	TeeSqlEndpoint teesqlEndpoint(TeeSqlMonitor monitor) {
		return new TeeSqlEndpoint(monitor);
	}

}
