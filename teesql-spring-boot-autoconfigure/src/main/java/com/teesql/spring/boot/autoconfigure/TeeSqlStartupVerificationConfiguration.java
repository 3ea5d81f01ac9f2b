package com.teesql.spring.boot.autoconfigure;

import com.teesql.jdbc.routing.Leader;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Attests the cluster during startup when {@code teesql.verify-on-startup=true}: the connector of the {@link Leader}
 * (a fixed {@code teesql.url}, or the read-write pool of the leader the manifest names), the one writes go through,
 * so the verification it caches is the one the first request reuses.
 *
 * @author teesql-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(TeeSqlConnectionDetails.class)
@ConditionalOnProperty(prefix = "teesql", name = "verify-on-startup", havingValue = "true")
class TeeSqlStartupVerificationConfiguration {

	@Bean
	TeeSqlStartupVerification teesqlStartupVerification(ObjectProvider<Leader> leader) {
		return new TeeSqlStartupVerification(() -> leader.getObject().connector());
	}

}
