package com.teesql.spring.boot.autoconfigure;

import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.routing.LeaderPools;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Attests the cluster during startup when {@code teesql.verify-on-startup=true}: the connector of a fixed
 * {@code teesql.url}, or in manifest mode the connector of the current leader's read-write pool (the one writes go
 * through, so the verification it caches is the one the first request reuses).
 *
 * @author teesql-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(TeeSqlConnectionDetails.class)
@ConditionalOnProperty(prefix = "teesql", name = "verify-on-startup", havingValue = "true")
class TeeSqlStartupVerificationConfiguration {

	@Bean
	TeeSqlStartupVerification teesqlStartupVerification(ObjectProvider<TeeSqlConnectorRegistration> registration,
			ObjectProvider<ManifestWatcher> watcher, ObjectProvider<LeaderPools> pools) {
		return new TeeSqlStartupVerification(() -> {
			LeaderPools leaderPools = pools.getIfAvailable();
			if (leaderPools != null) {
				return leaderPools.connector(watcher.getObject().lastGood());
			}
			return registration.getObject().getConnector();
		});
	}

}
