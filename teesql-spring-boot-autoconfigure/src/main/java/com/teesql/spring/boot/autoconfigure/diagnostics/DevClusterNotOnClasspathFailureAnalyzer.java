package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.spring.boot.autoconfigure.devcluster.DevClusterNotOnClasspathException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link DevClusterNotOnClasspathException}: the dev cluster was asked for but is not on the classpath.
 *
 * @author teesql-spring-boot
 */
class DevClusterNotOnClasspathFailureAnalyzer extends AbstractFailureAnalyzer<DevClusterNotOnClasspathException> {

	static final String DESCRIPTION = "teesql.dev-cluster.enabled is true, but teesql-dev-cluster is not on the "
			+ "classpath, so there is no dev cluster to start and connect to.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DevClusterNotOnClasspathException cause) {
		return new FailureAnalysis(DESCRIPTION, DevClusterDependency.ADD_IT, cause);
	}

}
