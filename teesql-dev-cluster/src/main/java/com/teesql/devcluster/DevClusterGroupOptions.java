package com.teesql.devcluster;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

import com.teesql.devcluster.postgres.PostgresReplicationSet;

/**
 * How a {@link DevClusterGroup} starts.
 *
 * @param nodes number of nodes, 1 to {@value PostgresReplicationSet#MAX_NODES}; node 0 starts as leader, the others
 * as hot standbys
 * @param simulatorMode whether the sidecars behave like ones next to a dstack simulator: their certificates carry
 * no RA-TLS extension and they request no client certificate
 * @param clusterAddress the cluster address announced with every leader ({@code 0x} and 40 hex characters), or
 * {@code null} for a random one
 * @param publisher called with the current leader at start and after every failover, on the thread that started
 * the group or called {@link DevClusterGroup#failover()}
 * @author teesql-spring-boot
 */
public record DevClusterGroupOptions(int nodes, boolean simulatorMode, String clusterAddress,
		Consumer<LeaderAnnouncement> publisher) {

	/** Nodes of a default group: a leader and two standbys. */
	public static final int DEFAULT_NODES = 3;

	public DevClusterGroupOptions {
		if (nodes < 1 || nodes > PostgresReplicationSet.MAX_NODES) {
			throw new IllegalArgumentException(
					"A dev cluster group has 1 to " + PostgresReplicationSet.MAX_NODES + " nodes, not " + nodes);
		}
		if (clusterAddress != null) {
			clusterAddress = clusterAddress.toLowerCase(Locale.ROOT);
			if (!LeaderAnnouncement.CLUSTER_ADDRESS.matcher(clusterAddress).matches()) {
				throw new IllegalArgumentException(
						"clusterAddress must be 0x and 40 hex characters, not '" + clusterAddress + "'");
			}
		}
		Objects.requireNonNull(publisher, "publisher");
	}

	/**
	 * Three genuine-looking nodes (mutual RA-TLS), a random cluster address and no publisher.
	 * @return the default options
	 */
	public static DevClusterGroupOptions defaults() {
		return new DevClusterGroupOptions(DEFAULT_NODES, false, null, (announcement) -> {
		});
	}

	public DevClusterGroupOptions withNodes(int value) {
		return new DevClusterGroupOptions(value, this.simulatorMode, this.clusterAddress, this.publisher);
	}

	public DevClusterGroupOptions withSimulatorMode(boolean value) {
		return new DevClusterGroupOptions(this.nodes, value, this.clusterAddress, this.publisher);
	}

	public DevClusterGroupOptions withClusterAddress(String value) {
		return new DevClusterGroupOptions(this.nodes, this.simulatorMode, value, this.publisher);
	}

	public DevClusterGroupOptions withPublisher(Consumer<LeaderAnnouncement> value) {
		return new DevClusterGroupOptions(this.nodes, this.simulatorMode, this.clusterAddress, value);
	}

	@Override
	public String toString() {
		return "DevClusterGroupOptions[nodes=" + this.nodes + ", simulatorMode=" + this.simulatorMode
				+ ", clusterAddress=" + this.clusterAddress + "]";
	}

}
