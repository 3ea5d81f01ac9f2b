package com.teesql.spring.boot.autoconfigure.devcluster;

import java.util.List;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.DevNode;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Actuator endpoint of a replicated embedded dev cluster: which node leads at which manifest epoch, and a
 * {@code failover} write operation that fences the leader and promotes a standby, so that an application (or a
 * person at a terminal) can watch the DataSource follow the leader. Write access is off by default:
 * {@code management.endpoint.teesqldevcluster.access=unrestricted} opens it, and like every endpoint it must be
 * exposed ({@code management.endpoints.web.exposure.include}).
 *
 * @author teesql-spring-boot
 */
@Endpoint(id = "teesqldevcluster", defaultAccess = Access.READ_ONLY)
public class TeeSqlDevClusterEndpoint {

	private final DevManifestCluster cluster;

	private final String domain;

	public TeeSqlDevClusterEndpoint(DevManifestCluster cluster, String domain) {
		this.cluster = cluster;
		this.domain = domain;
	}

	@ReadOperation
	public ClusterDescriptor cluster() {
		DevNode leader = this.cluster.group().leader();
		List<NodeDescriptor> nodes = this.cluster.group().nodes().stream().map(NodeDescriptor::of).toList();
		return new ClusterDescriptor(this.domain, this.cluster.group().epoch(), leader.index(), nodes);
	}

	/**
	 * Fails over to a standby; the fenced leader rejoins as a standby.
	 * @return the cluster after the failover
	 */
	@WriteOperation
	public ClusterDescriptor failover() {
		this.cluster.failover();
		return cluster();
	}

	/**
	 * The cluster as the endpoint shows it.
	 * @param domain the manifest domain
	 * @param epoch the epoch of the published manifest
	 * @param leader index of the leading node
	 * @param nodes every node
	 */
	public record ClusterDescriptor(String domain, long epoch, int leader, List<NodeDescriptor> nodes) {
	}

	/**
	 * One node.
	 * @param index the node's index
	 * @param instanceId its dstack instance id
	 * @param role leader, standby or fenced
	 * @param sidecarPort port of its RA-TLS sidecar
	 */
	public record NodeDescriptor(int index, String instanceId, String role, int sidecarPort) {

		static NodeDescriptor of(DevNode node) {
			return new NodeDescriptor(node.index(), node.instanceId(), node.role().name().toLowerCase(java.util.Locale.ROOT),
					node.sidecarPort());
		}

	}

}
