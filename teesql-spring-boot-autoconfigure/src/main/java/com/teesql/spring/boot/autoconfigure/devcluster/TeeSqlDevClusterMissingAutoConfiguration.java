package com.teesql.spring.boot.autoconfigure.devcluster;

import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;

/**
 * Fails startup with a {@link DevClusterNotOnClasspathException} when {@code teesql.dev-cluster.enabled=true} asks
 * for a dev cluster that is not on the classpath.
 * <p>
 * The check is a bean factory post-processor so that it runs before any bean is created: application beans that need
 * the DataSource are created before auto-configured ones, and lazy initialisation would skip an ordinary bean.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(before = TeeSqlAutoConfiguration.class)
@ConditionalOnMissingClass(TeeSqlDevClusterMissingAutoConfiguration.DEV_CLUSTER_CLASS)
@ConditionalOnBooleanProperty("teesql.dev-cluster.enabled")
public final class TeeSqlDevClusterMissingAutoConfiguration {

	static final String DEV_CLUSTER_CLASS = "com.teesql.devcluster.DevCluster";

	@Bean
	static BeanFactoryPostProcessor teesqlDevClusterMissing() {
		return (beanFactory) -> {
			throw new DevClusterNotOnClasspathException();
		};
	}

}
