package com.teesql.spring.boot.autoconfigure.devcluster;

/**
 * Thrown at startup when {@code teesql.dev-cluster.enabled} is {@code true} but teesql-dev-cluster is not on the
 * classpath: typically a packaged application jar, which leaves the test-scoped dev cluster out. Without it the
 * application would fail later with Boot's generic "no DataSource URL" report.
 *
 * @author teesql-spring-boot
 */
public class DevClusterNotOnClasspathException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	public DevClusterNotOnClasspathException() {
		super("teesql.dev-cluster.enabled is true but teesql-dev-cluster ("
				+ TeeSqlDevClusterMissingAutoConfiguration.DEV_CLUSTER_CLASS + ") is not on the classpath");
	}

}
