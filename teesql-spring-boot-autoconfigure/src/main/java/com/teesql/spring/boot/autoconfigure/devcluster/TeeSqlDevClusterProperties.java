package com.teesql.spring.boot.autoconfigure.devcluster;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the embedded TeeSQL dev cluster.
 *
 * @author teesql-spring-boot
 */
@ConfigurationProperties("teesql.dev-cluster")
public class TeeSqlDevClusterProperties {

	static final String NODES_PROPERTY = "teesql.dev-cluster.nodes";

	/**
	 * Whether to start an embedded dev cluster (real PostgreSQL behind a local RA-TLS sidecar and a simulated TDX
	 * platform) and connect the DataSource to it. Requires teesql-dev-cluster on the classpath.
	 */
	private boolean enabled;

	/**
	 * Role the DataSource logs in as: "teesql_readwrite" or "teesql_read".
	 */
	private String role = "teesql_readwrite";

	/**
	 * Number of nodes. With more than one, a replicated cluster (streaming replication, fenced failover) is started
	 * with its leader published as a signed DNS manifest on a loopback DNS server, and the DataSource follows the
	 * leader as in production (leader mode).
	 */
	private int nodes = 1;

	/**
	 * Cluster domain the replicated dev cluster publishes its signed leader manifest under
	 * ({@code _teesql-leader.<domain>}). Used with more than one node.
	 */
	private String domain = "dev.teesql.test";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getNodes() {
		return this.nodes;
	}

	public void setNodes(int nodes) {
		if (nodes < 1) {
			throw new IllegalArgumentException("teesql.dev-cluster.nodes must be at least 1, not " + nodes);
		}
		this.nodes = nodes;
	}

	public String getDomain() {
		return this.domain;
	}

	public void setDomain(String domain) {
		this.domain = domain;
	}

	public String getRole() {
		return this.role;
	}

	public void setRole(String role) {
		this.role = role;
	}

}
