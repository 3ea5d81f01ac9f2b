package com.teesql.spring.boot.autoconfigure.devcluster;

import com.teesql.devcluster.DevManifestCluster;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code teesqldevcluster} actuator endpoint of a replicated embedded dev cluster.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = TeeSqlDevClusterAutoConfiguration.class)
@ConditionalOnClass({ DevManifestCluster.class, Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(DevManifestCluster.class)
public final class TeeSqlDevClusterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	TeeSqlDevClusterEndpoint teesqlDevClusterEndpoint(DevManifestCluster cluster,
			TeeSqlDevClusterProperties properties) {
		return new TeeSqlDevClusterEndpoint(cluster, properties.getDomain());
	}

}
