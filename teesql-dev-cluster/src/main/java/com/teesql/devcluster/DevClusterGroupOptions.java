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
 * @param autoRejoin whether every failover ends with the fenced node {@link DevClusterGroup#rejoin(DevNode)
 * rejoining} as a standby of the new leader, so that a group of n nodes survives any number of failovers rather
 * than n - 1
 * @author teesql-spring-boot
 */
public record DevClusterGroupOptions(int nodes, boolean simulatorMode, String clusterAddress,
		Consumer<LeaderAnnouncement> publisher, boolean autoRejoin) {

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
	 * Three genuine-looking nodes (mutual RA-TLS), a random cluster address, no publisher and no automatic rejoin.
	 * @return the default options
	 */
	public static DevClusterGroupOptions defaults() {
		return new DevClusterGroupOptions(DEFAULT_NODES, false, null, (announcement) -> {
		}, false);
	}

	public DevClusterGroupOptions withNodes(int value) {
		return new DevClusterGroupOptions(value,
				this.simulatorMode, this.clusterAddress, this.publisher, this.autoRejoin);
	}

	public DevClusterGroupOptions withSimulatorMode(boolean value) {
		return new DevClusterGroupOptions(this.nodes,
				value, this.clusterAddress, this.publisher, this.autoRejoin);
	}

	public DevClusterGroupOptions withClusterAddress(String value) {
		return new DevClusterGroupOptions(this.nodes,
				this.simulatorMode, value, this.publisher, this.autoRejoin);
	}

	public DevClusterGroupOptions withPublisher(Consumer<LeaderAnnouncement> value) {
		return new DevClusterGroupOptions(this.nodes,
				this.simulatorMode, this.clusterAddress, value, this.autoRejoin);
	}

	public DevClusterGroupOptions withAutoRejoin(boolean value) {
		return new DevClusterGroupOptions(this.nodes,
				this.simulatorMode, this.clusterAddress, this.publisher, value);
	}

	@Override
	public String toString() {
		return "DevClusterGroupOptions[nodes=" + this.nodes + ", simulatorMode=" + this.simulatorMode
				+ ", clusterAddress=" + this.clusterAddress + ", autoRejoin=" + this.autoRejoin + "]";
	}

}
