package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.util.Arrays;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Explains Boot's "Failed to configure a DataSource: 'url' attribute is not specified" in an application that has
 * the TeeSQL starter but no cluster configured: names {@code teesql.url} (and the dev cluster) instead of Boot's
 * advice to put an embedded database such as H2 on the classpath.
 * <p>
 * Boot's exception type is package-private, so it is recognised by name. Ordered ahead of Boot's own
 * {@code DataSourceBeanCreationFailureAnalyzer}, which would otherwise answer first. An application that configured
 * {@code spring.datasource.url} itself gets Boot's report unchanged.
 *
 * @author teesql-spring-boot
 */
class TeeSqlUrlMissingFailureAnalyzer implements FailureAnalyzer, Ordered {

	static final String DATA_SOURCE_FAILURE = "org.springframework.boot.jdbc.autoconfigure."
			+ "DataSourceProperties$DataSourceBeanCreationException";

	private static final String DEV_CLUSTER_CLASS = "com.teesql.devcluster.DevCluster";

	private static final String EXAMPLE = "postgresql://teesql_readwrite@your-cluster.teesql.com:5433/app";

	private final Environment environment;

	private final ClassLoader classLoader;

	TeeSqlUrlMissingFailureAnalyzer(BeanFactory beanFactory, Environment environment) {
		this.environment = environment;
		// The application's class loader, which may see less than this class's own.
		ClassLoader applicationLoader = (beanFactory instanceof ConfigurableBeanFactory configurable)
				? configurable.getBeanClassLoader() : null;
		this.classLoader = (applicationLoader != null) ? applicationLoader : getClass().getClassLoader();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		Throwable cause = findDataSourceFailure(failure);
		if (cause == null || hasText("spring.datasource.url") || hasText("teesql.url")) {
			return null;
		}
		if (this.environment.getProperty("teesql.dev-cluster.enabled", Boolean.class, false)
				&& !ClassUtils.isPresent(DEV_CLUSTER_CLASS, this.classLoader)) {
			return new FailureAnalysis(DevClusterNotOnClasspathFailureAnalyzer.DESCRIPTION, DevClusterDependency.ADD_IT,
					cause);
		}
		if (hasText("teesql.manifest.domain")) {
			return new FailureAnalysis("teesql.manifest.domain is set but teesql.url is not: the DataSource takes the "
					+ "role, database and cluster secret from teesql.url (only its host and port are replaced by the "
					+ "leader's).", "Set teesql.url, for example " + EXAMPLE + ", and teesql.cluster-secret."
							+ activeProfilesHint(),
					cause);
		}
		String description = "No TeeSQL cluster is configured: teesql.url is not set, so the TeeSQL starter "
				+ "contributed no DataSource connection (and spring.datasource.url is not set either).";
		String action = """
				Set teesql.url to your cluster, for example %s, and teesql.cluster-secret \
				(64 hexadecimal characters, from your secret store); add teesql.manifest.domain and \
				teesql.manifest.signer-address to follow the leader of a replicated cluster.
				For local development without a cluster, set teesql.dev-cluster.enabled=true with teesql-dev-cluster \
				on the classpath (test scope, started with spring-boot:test-run or bootTestRun).""".formatted(EXAMPLE)
				+ activeProfilesHint();
		return new FailureAnalysis(description, action, cause);
	}

	private static Throwable findDataSourceFailure(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (DATA_SOURCE_FAILURE.equals(candidate.getClass().getName())) {
				return candidate;
			}
		}
		return null;
	}

	private boolean hasText(String property) {
		return StringUtils.hasText(this.environment.getProperty(property));
	}

	private String activeProfilesHint() {
		String[] profiles = this.environment.getActiveProfiles();
		return "\nIf these settings are in a profile, activate it ("
				+ ((profiles.length == 0) ? "no profiles are currently active"
						: "active profiles: " + String.join(", ", Arrays.asList(profiles)))
				+ ").";
	}

}
