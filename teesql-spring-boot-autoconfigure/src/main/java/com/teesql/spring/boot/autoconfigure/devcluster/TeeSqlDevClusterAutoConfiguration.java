package com.teesql.spring.boot.autoconfigure.devcluster;

import com.teesql.devcluster.DevCluster;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.InvalidDsnException;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Starts an embedded TeeSQL dev cluster and connects the application to it, the way Boot's service connections
 * do for containers: with teesql-dev-cluster on the classpath and {@code teesql.dev-cluster.enabled=true} nothing
 * else needs configuring.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(before = TeeSqlAutoConfiguration.class)
@ConditionalOnClass(DevCluster.class)
@ConditionalOnBooleanProperty("teesql.dev-cluster.enabled")
@EnableConfigurationProperties(TeeSqlDevClusterProperties.class)
public final class TeeSqlDevClusterAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(TeeSqlDevClusterAutoConfiguration.class);

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	DevCluster teesqlDevCluster() {
		DevCluster cluster = DevCluster.start();
		logger.info("TeeSQL dev cluster started: RA-TLS sidecar on 127.0.0.1:{}, sidecar HTTP on http://127.0.0.1:{}"
				+ " (/health, /attestation), guest agent at {}", cluster.sidecarPort(), cluster.sidecarHttpPort(),
				cluster.guestAgentEndpoint());
		return cluster;
	}

	@Bean
	@ConditionalOnMissingBean(TeeSqlConnectionDetails.class)
	DevClusterTeeSqlConnectionDetails teesqlDevClusterConnectionDetails(DevCluster cluster,
			TeeSqlDevClusterProperties properties) throws InvalidDsnException {
		return new DevClusterTeeSqlConnectionDetails(cluster, TeeSqlDsn.parse(cluster.dsn(properties.getRole())));
	}

}
