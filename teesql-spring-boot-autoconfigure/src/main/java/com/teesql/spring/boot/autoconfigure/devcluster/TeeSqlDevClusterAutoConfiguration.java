package com.teesql.spring.boot.autoconfigure.devcluster;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.DevManifestCluster;
import com.teesql.jdbc.errors.InvalidDsnException;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.TeeSqlManifestConnectionDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Starts an embedded TeeSQL dev cluster and connects the application to it, the way Boot's service connections
 * do for containers: with teesql-dev-cluster on the classpath and {@code teesql.dev-cluster.enabled=true} nothing
 * else needs configuring. With {@code teesql.dev-cluster.nodes} above one the cluster is replicated, publishes its
 * leader as a signed DNS manifest, and the DataSource runs in leader mode against it; {@link DevManifestCluster#failover()}
 * (or the {@code teesqldevcluster} actuator endpoint) moves the leader.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(before = TeeSqlAutoConfiguration.class)
@ConditionalOnClass(DevCluster.class)
@ConditionalOnBooleanProperty("teesql.dev-cluster.enabled")
@EnableConfigurationProperties(TeeSqlDevClusterProperties.class)
@Import({ TeeSqlDevClusterAutoConfiguration.SingleNode.class, TeeSqlDevClusterAutoConfiguration.Replicated.class })
public final class TeeSqlDevClusterAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(TeeSqlDevClusterAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@Conditional(DevClusterNodesCondition.Single.class)
	static class SingleNode {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		DevCluster teesqlDevCluster() {
			DevCluster cluster = DevCluster.start();
			logger.info("TeeSQL dev cluster started: RA-TLS sidecar on 127.0.0.1:{}, sidecar HTTP on "
					+ "http://127.0.0.1:{} (/health, /attestation), guest agent at {}", cluster.sidecarPort(),
					cluster.sidecarHttpPort(), cluster.guestAgentEndpoint());
			return cluster;
		}

		@Bean
		@ConditionalOnMissingBean(TeeSqlConnectionDetails.class)
		DevClusterTeeSqlConnectionDetails teesqlDevClusterConnectionDetails(DevCluster cluster,
				TeeSqlDevClusterProperties properties) throws InvalidDsnException {
			return DevClusterTeeSqlConnectionDetails.of(cluster, properties.getRole());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(DevClusterNodesCondition.Replicated.class)
	static class Replicated {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		DevManifestCluster teesqlDevManifestCluster(TeeSqlDevClusterProperties properties) {
			// Fenced leaders rejoin as standbys, so that any number of failovers can be tried.
			DevManifestCluster cluster = DevManifestCluster.start(properties.getNodes(), properties.getDomain(), true);
			logger.info("TeeSQL replicated dev cluster started: {} nodes, leader node {} (epoch {}), signed manifest "
					+ "_teesql-leader.{} on DNS {} signed by {}", properties.getNodes(),
					cluster.group().leader().index(), cluster.group().epoch(), properties.getDomain(),
					cluster.resolver(), cluster.signerAddress());
			return cluster;
		}

		@Bean
		@ConditionalOnMissingBean(TeeSqlConnectionDetails.class)
		DevClusterTeeSqlConnectionDetails teesqlDevClusterConnectionDetails(DevManifestCluster cluster,
				TeeSqlDevClusterProperties properties) throws InvalidDsnException {
			return DevClusterTeeSqlConnectionDetails.of(cluster.group(), properties.getRole());
		}

		@Bean
		@ConditionalOnMissingBean(TeeSqlManifestConnectionDetails.class)
		DevClusterManifestConnectionDetails teesqlDevClusterManifestConnectionDetails(DevManifestCluster cluster,
				TeeSqlDevClusterProperties properties) {
			return new DevClusterManifestConnectionDetails(cluster, properties.getDomain());
		}

	}

}
