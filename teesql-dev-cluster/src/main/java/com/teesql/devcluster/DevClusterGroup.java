package com.teesql.devcluster;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.devcluster.postgres.DevPostgresException;
import com.teesql.devcluster.postgres.PostgresNode;
import com.teesql.devcluster.postgres.PostgresReplicationSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local TeeSQL cluster of several nodes for development and tests: one simulated TDX platform with its dev PCS, one
 * app CA and one guest agent (for clients' certificates) shared by all nodes, and per node a simulated TD of the
 * same app with its own instance id, an RA-TLS sidecar and a real PostgreSQL 17. Node 0 starts as leader (primary);
 * the others are hot standbys fed by physical streaming replication. {@link #failover()} moves the leadership the
 * way a real cluster does and announces the new leader through the publisher of the options.
 * <p>
 * Every part listens on loopback only, on ephemeral ports, and {@link #close()} stops them all.
 *
 * @author teesql-spring-boot
 */
public final class DevClusterGroup extends DevClusterBase {

	private static final Logger logger = LoggerFactory.getLogger(DevClusterGroup.class);

	private static final Duration STREAMING_WAIT = Duration.ofSeconds(60);

	private final DevClusterGroupOptions options;

	private final String clusterAddress;

	private final PostgresReplicationSet replication;

	private final List<DevNode> nodes;

	private final String database;

	private volatile DevNode leader;

	private volatile long epoch = 1;

	private DevClusterGroup(Parts parts, DevClusterGroupOptions options, String clusterAddress,
			PostgresReplicationSet replication, List<DevNode> nodes) {
		super(parts);
		this.options = options;
		this.clusterAddress = clusterAddress;
		this.replication = replication;
		this.nodes = List.copyOf(nodes);
		this.database = replication.node(0).server().database();
		this.leader = this.nodes.get(0);
	}

	/**
	 * Starts a group with {@link DevClusterGroupOptions#defaults()}.
	 * @return the running group
	 */
	public static DevClusterGroup start() {
		return start(DevClusterGroupOptions.defaults());
	}

	/**
	 * Starts a group and announces node 0 as leader of epoch 1.
	 * @param options how to start
	 * @return the running group
	 */
	public static DevClusterGroup start(DevClusterGroupOptions options) {
		SecureRandom random = new SecureRandom();
		List<AutoCloseable> started = new ArrayList<>();
		try {
			String clusterAddress = (options.clusterAddress() != null) ? options.clusterAddress()
					: "0x" + HEX.formatHex(randomBytes(random, 20));
			TdIdentity app = TdIdentity.random(random);
			Parts parts = Parts.start(random, app, sameAppNewInstance(app, random), clusterAddress.substring(2, 10),
					options.simulatorMode(), Map.of(), started);
			PostgresReplicationSet replication = PostgresReplicationSet.start(options.nodes());
			started.add(replication);
			List<DevNode> nodes = new ArrayList<>();
			for (PostgresNode postgres : replication.nodes()) {
				NodeSidecarFactory sidecars = parts.sidecarFactory(sameAppNewInstance(app, random), random);
				DevNode node = new DevNode(postgres.index(), postgres, sidecars,
						(postgres.index() == 0) ? NodeRole.LEADER : NodeRole.STANDBY);
				started.add(node::close);
				nodes.add(node);
			}
			DevClusterGroup group = new DevClusterGroup(parts, options, clusterAddress, replication, nodes);
			logger.info("Started {}", group);
			group.publish();
			return group;
		}
		catch (RuntimeException ex) {
			closeAll(started, ex);
			throw ex;
		}
	}

	/** Every node of a real cluster runs the same app image; only the instance id tells them apart. */
	private static TdIdentity sameAppNewInstance(TdIdentity app, SecureRandom random) {
		return new TdIdentity(app.mrTd(), app.rtmr0(), app.rtmr1(), app.rtmr2(), app.appId(), app.composeHash(),
				randomBytes(random, TdIdentity.INSTANCE_ID_SIZE), app.debug());
	}

	private static byte[] randomBytes(SecureRandom random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

	/**
	 * Moves the leadership to the most advanced standby, in the order that keeps every acknowledged write: the
	 * leader's sidecar is fenced first (it stops accepting and closes its live sessions), then its PostgreSQL is
	 * stopped cleanly, the standby that received the most WAL is promoted, the remaining standbys are re-pointed to
	 * it, the epoch is bumped and the publisher is called. Only nodes that are standbys right now are candidates. With
	 * {@link DevClusterGroupOptions#autoRejoin()} the fenced node then {@link #rejoin(DevNode) rejoins} as a standby
	 * of the new leader; if that fails it stays fenced (logged), since the failover itself succeeded.
	 * @return the new leader
	 * @throws IllegalStateException if no standby is left to promote or the group is closed
	 */
	public synchronized DevNode failover() {
		assertOpen();
		DevNode previous = this.leader;
		List<DevNode> standbys = this.nodes.stream().filter((node) -> node.role() == NodeRole.STANDBY).toList();
		if (standbys.isEmpty()) {
			throw new IllegalStateException("No standby left to promote: node " + previous.index()
					+ " is the last one running in a group of " + this.nodes.size());
		}
		logger.info("Failover of epoch {}: fencing node {}", this.epoch, previous.index());
		previous.fence(this.epoch);
		// The clean shutdown ships the leader's last WAL, down to its shutdown checkpoint, to every connected
		// standby, so none of them is ahead of the one promoted and all can follow its new timeline.
		previous.postgres().stop();
		Map<DevNode, Long> positions = new HashMap<>();
		standbys.forEach((node) -> positions.put(node, node.postgres().walPosition()));
		// Ties (the usual case after a clean shutdown) go to the lowest index, so failovers are reproducible.
		DevNode promoted = standbys.stream()
			.max(Comparator.comparingLong((DevNode node) -> positions.get(node))
				.thenComparing(Comparator.comparingInt(DevNode::index).reversed()))
			.orElseThrow();
		logger.info("WAL positions of the standbys: {}; promoting node {}", positions.entrySet()
			.stream()
			.map((entry) -> "node " + entry.getKey().index() + "=" + entry.getValue())
			.sorted()
			.toList(), promoted.index());
		promoted.postgres().promote();
		promoted.becomeLeader();
		this.leader = promoted;
		List<DevNode> followers = standbys.stream().filter((node) -> node != promoted).toList();
		try {
			for (DevNode follower : followers) {
				follower.postgres().follow(promoted.postgres());
			}
			for (DevNode follower : followers) {
				follower.postgres().awaitStreamingFrom(promoted.postgres(), STREAMING_WAIT);
			}
		}
		finally {
			// The new leader takes writes whether or not every standby followed: announce it either way.
			this.epoch++;
			publish();
		}
		if (this.options.autoRejoin()) {
			try {
				rejoin(previous);
			}
			catch (DevPostgresException ex) {
				logger.error("Node {} stays fenced: {}", previous.index(), ex.getMessage(), ex);
			}
		}
		return promoted;
	}

	/**
	 * Turns a fenced former leader into a hot standby of the current leader: its PostgreSQL, stopped cleanly at the
	 * fork point of the leader's timeline, restarts with {@code standby.signal}, {@code primary_conninfo} naming the
	 * leader and {@code recovery_target_timeline = 'latest'}, and once it streams the node gets a new sidecar on a
	 * new port with a newly issued certificate. The sidecar it had as leader stays closed (see
	 * {@link DevNode#fencedSidecars()}), so clients holding the old URL cannot write through it again.
	 * <p>
	 * There is no fallback if the node cannot follow the new timeline (its WAL went past the fork point, which a
	 * clean stop rules out): the embedded binaries have neither {@code pg_rewind} nor {@code pg_basebackup}, and a
	 * cold copy needs a stopped leader. The node is then stopped again and left fenced.
	 * @param fenced a node in role {@link NodeRole#FENCED}
	 * @return the node, now a {@link NodeRole#STANDBY}
	 * @throws IllegalArgumentException if the node is not of this group or not fenced
	 * @throws DevPostgresException if its PostgreSQL does not stream from the leader in time (it stays fenced)
	 * @throws IllegalStateException if the group is closed
	 */
	public synchronized DevNode rejoin(DevNode fenced) {
		assertOpen();
		if (!this.nodes.contains(fenced)) {
			throw new IllegalArgumentException(fenced + " is not a node of " + this);
		}
		if (fenced.role() != NodeRole.FENCED) {
			throw new IllegalArgumentException("Only a fenced node can rejoin; node " + fenced.index() + " is "
					+ fenced.role());
		}
		DevNode current = this.leader;
		logger.info("Node {} rejoins as a standby of node {}", fenced.index(), current.index());
		fenced.postgres().rejoin(current.postgres(), STREAMING_WAIT);
		try {
			fenced.rejoined();
		}
		catch (RuntimeException ex) {
			// A standby without a sidecar would be promotable yet unreachable: keep it out of the candidates.
			fenced.postgres().stop();
			throw ex;
		}
		logger.info("Node {} is a standby again, sidecar {}", fenced.index(), fenced.url());
		return fenced;
	}

	private void publish() {
		LeaderAnnouncement announcement = currentAnnouncement();
		logger.info("Leader of epoch {} is node {} ({}, instance {})", announcement.epoch(), this.leader.index(),
				announcement.leaderUrl(), announcement.leaderInstance());
		this.options.publisher().accept(announcement);
	}

	/**
	 * What a manifest published now would say.
	 * @return the current epoch, leader and cluster address
	 */
	public LeaderAnnouncement currentAnnouncement() {
		DevNode current = this.leader;
		return new LeaderAnnouncement(this.epoch, current.instanceId(), current.url(), this.clusterAddress);
	}

	/**
	 * Every node, in index order, including fenced ones.
	 * @return the nodes
	 */
	public List<DevNode> nodes() {
		return this.nodes;
	}

	/**
	 * One node.
	 * @param index its index
	 * @return the node
	 */
	public DevNode node(int index) {
		return this.nodes.get(index);
	}

	/**
	 * The node that currently takes writes.
	 * @return the leader
	 */
	public DevNode leader() {
		return this.leader;
	}

	/**
	 * The leader epoch: 1 at start, one more after every failover.
	 * @return the epoch
	 */
	public long epoch() {
		return this.epoch;
	}

	/**
	 * The cluster address every announcement carries.
	 * @return {@code 0x} and 40 lowercase hex characters
	 */
	public String clusterAddress() {
		return this.clusterAddress;
	}

	@Override
	public String database() {
		return this.database;
	}

	@Override
	int dsnPort() {
		return this.leader.sidecarPort();
	}

	/**
	 * The connection URI of one node (a standby for reads, say) for a role, with the role's own secret.
	 * @param node the node
	 * @param role {@code teesql_read} or {@code teesql_readwrite}
	 * @return the URI (it contains the secret: do not log it)
	 */
	public String dsn(DevNode node, String role) {
		return dsn(node.sidecarPort(), role, secretOf(role));
	}

	@Override
	List<AutoCloseable> nodeParts() {
		List<AutoCloseable> parts = new ArrayList<>(List.of(this.replication));
		this.nodes.forEach((node) -> parts.add(node::close));
		return parts;
	}

	/**
	 * Stops every sidecar, every PostgreSQL server (waiting for their processes to exit), the dev PCS and the guest
	 * agent, and deletes the data directories.
	 */
	@Override
	public synchronized void close() {
		if (!isClosed()) {
			super.close();
			logger.info("Stopped dev cluster group {}", this.clusterAddress);
		}
	}

	private void assertOpen() {
		if (isClosed()) {
			throw new IllegalStateException("Dev cluster group " + this.clusterAddress + " is closed");
		}
	}

	@Override
	public String toString() {
		return "DevClusterGroup[cluster=" + this.clusterAddress + ", epoch=" + this.epoch + ", leader=node "
				+ this.leader.index() + ", nodes=" + this.nodes + "]";
	}

}
