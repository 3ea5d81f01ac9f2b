package com.teesql.devcluster;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who leads a {@link DevClusterGroup} and since which epoch: the fields of a leader manifest (protocol.md 6.3) that
 * the cluster decides, handed to the group's publisher at start and after every failover.
 *
 * @param epoch the leader epoch, 1 at start and one more after each failover
 * @param leaderInstance the leader's dstack instance id, 40 lowercase hex characters
 * @param leaderUrl where clients reach the leader's sidecar, {@code https://127.0.0.1:<port>}
 * @param cluster the cluster address, {@code 0x} and 40 lowercase hex characters
 * @author teesql-spring-boot
 */
public record LeaderAnnouncement(long epoch, String leaderInstance, String leaderUrl, String cluster) {

	private static final Pattern INSTANCE = Pattern.compile("[0-9a-f]{40}");

	static final Pattern CLUSTER_ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

	public LeaderAnnouncement {
		if (epoch < 1) {
			throw new IllegalArgumentException("epoch must be at least 1, not " + epoch);
		}
		leaderInstance = Objects.requireNonNull(leaderInstance, "leaderInstance").toLowerCase(Locale.ROOT);
		if (!INSTANCE.matcher(leaderInstance).matches()) {
			throw new IllegalArgumentException("leaderInstance must be 40 hex characters, not '" + leaderInstance + "'");
		}
		Objects.requireNonNull(leaderUrl, "leaderUrl");
		if (!leaderUrl.startsWith("https://") || leaderUrl.contains(";")) {
			throw new IllegalArgumentException("leaderUrl must be an https URL without ';', not '" + leaderUrl + "'");
		}
		cluster = Objects.requireNonNull(cluster, "cluster").toLowerCase(Locale.ROOT);
		if (!CLUSTER_ADDRESS.matcher(cluster).matches()) {
			throw new IllegalArgumentException("cluster must be 0x and 40 hex characters, not '" + cluster + "'");
		}
	}

}
