package com.teesql.spring.boot.autoconfigure.devcluster;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the embedded TeeSQL dev cluster.
 *
 * @author teesql-spring-boot
 */
@ConfigurationProperties("teesql.dev-cluster")
public class TeeSqlDevClusterProperties {

	/**
	 * Whether to start an embedded dev cluster (real PostgreSQL behind a local RA-TLS sidecar and a simulated TDX
	 * platform) and connect the DataSource to it. Requires teesql-dev-cluster on the classpath.
	 */
	private boolean enabled;

	/**
	 * Role the DataSource logs in as: "teesql_readwrite" or "teesql_read".
	 */
	private String role = "teesql_readwrite";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getRole() {
		return this.role;
	}

	public void setRole(String role) {
		this.role = role;
	}

}
