package com.teesql.devcluster;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.teesql.devcluster.guestagent.GuestAgentSimulator;
import com.teesql.devcluster.pcs.DevPcsServer;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.DevCertificateAuthority;
import com.teesql.devcluster.platform.DevKeyIssuer;
import com.teesql.devcluster.platform.DevTdxPlatform;
import com.teesql.devcluster.platform.IssuedKey;
import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.devcluster.platform.TlsKeyRequest;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.devcluster.postgres.DevPostgresException;
import com.teesql.devcluster.postgres.PostgresNode;
import com.teesql.devcluster.postgres.PostgresReplicationSet;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.dcap.DcapQuoteVerifier;
import com.teesql.jdbc.attestation.dcap.PcsCollateralClient;
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
public final class DevClusterGroup implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DevClusterGroup.class);

	private static final HexFormat HEX = HexFormat.of();

	private static final Duration STREAMING_WAIT = Duration.ofSeconds(60);

	private final DevClusterGroupOptions options;

	private final String clusterAddress;

	private final DevKeyIssuer clientIssuer;

	private final GuestAgentSimulator guestAgent;

	private final DevPcsServer pcs;

	private final PostgresReplicationSet replication;

	private final List<DevNode> nodes;

	private final String database;

	private final String readSecret;

	private final String readWriteSecret;

	private final TdIdentity app;

	private volatile DevNode leader;

	private volatile long epoch = 1;

	private boolean closed;

	private DevClusterGroup(DevClusterGroupOptions options, String clusterAddress, DevKeyIssuer clientIssuer,
			GuestAgentSimulator guestAgent, DevPcsServer pcs, PostgresReplicationSet replication, List<DevNode> nodes,
			String readSecret, String readWriteSecret, TdIdentity app) {
		this.options = options;
		this.app = app;
		this.clusterAddress = clusterAddress;
		this.clientIssuer = clientIssuer;
		this.guestAgent = guestAgent;
		this.pcs = pcs;
		this.replication = replication;
		this.nodes = List.copyOf(nodes);
		this.database = replication.node(0).server().database();
		this.readSecret = readSecret;
		this.readWriteSecret = readWriteSecret;
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
			DevTdxPlatform platform = DevTdxPlatform.create(random);
			TdIdentity app = TdIdentity.random(random);
			DevCertificateAuthority ca = DevCertificateAuthority.create(clusterAddress.substring(2, 10), random);
			TdIdentity clientTd = sameAppNewInstance(app, random);
			DevKeyIssuer clientIssuer = new DevKeyIssuer(ca, platform, clientTd, random);
			GuestAgentSimulator guestAgent = GuestAgentSimulator.start(clientIssuer, platform, clientTd, null);
			started.add(guestAgent);
			DevPcsServer pcs = DevPcsServer.start(platform);
			started.add(pcs);
			PostgresReplicationSet replication = PostgresReplicationSet.start(options.nodes());
			started.add(replication);
			String readSecret = HEX.formatHex(randomBytes(random, 32));
			String readWriteSecret = HEX.formatHex(randomBytes(random, 32));
			List<DevNode> nodes = new ArrayList<>();
			for (PostgresNode postgres : replication.nodes()) {
				TdIdentity td = sameAppNewInstance(app, random);
				DevKeyIssuer issuer = new DevKeyIssuer(ca, platform, td, random);
				NodeSidecarFactory sidecars = new NodeSidecarFactory(ca, platform, td, issuer, options.simulatorMode(),
						readSecret, readWriteSecret);
				DevNode node = new DevNode(postgres.index(), postgres, sidecars,
						(postgres.index() == 0) ? NodeRole.LEADER : NodeRole.STANDBY);
				started.add(node::close);
				nodes.add(node);
			}
			DevClusterGroup group = new DevClusterGroup(options, clusterAddress, clientIssuer, guestAgent, pcs,
					replication, nodes, readSecret, readWriteSecret, app);
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

	/**
	 * The dstack app-id every node attests (nodes differ only in their instance id): the identity pin
	 * ({@code teesql.attestation.allowed-app-id}) of clients that trust this cluster and no other.
	 * @return 40 lowercase hex characters
	 */
	public String appId() {
		return HEX.formatHex(this.app.appId());
	}

	/**
	 * The compose hash every node attests ({@code teesql.attestation.allowed-compose-hash}).
	 * @return 64 lowercase hex characters
	 */
	public String composeHash() {
		return HEX.formatHex(this.app.composeHash());
	}

	/**
	 * Host every part listens on.
	 * @return the loopback address
	 */
	public String host() {
		return "127.0.0.1";
	}

	/**
	 * The database behind the sidecars.
	 * @return the database name
	 */
	public String database() {
		return this.database;
	}

	/**
	 * HTTP endpoint of the guest-agent simulator, for {@code DSTACK_SIMULATOR_ENDPOINT}.
	 * @return the {@code http://127.0.0.1:<port>} URL
	 */
	public String guestAgentEndpoint() {
		return this.guestAgent.httpEndpoint();
	}

	/**
	 * Unix-domain socket of the guest-agent simulator.
	 * @return the socket path
	 */
	public Path guestAgentSocket() {
		return this.guestAgent.socketPath();
	}

	/**
	 * The secret that authenticates {@code teesql_read} only, on every node.
	 * @return 64 hex characters
	 */
	public String readSecret() {
		return this.readSecret;
	}

	/**
	 * The secret that authenticates {@code teesql_readwrite} (and {@code teesql_read}), on every node.
	 * @return 64 hex characters
	 */
	public String readWriteSecret() {
		return this.readWriteSecret;
	}

	/**
	 * The connection URI of the current leader for a role, with the role's own secret.
	 * @param role {@code teesql_read} or {@code teesql_readwrite}
	 * @return the URI (it contains the secret: do not log it)
	 */
	public String dsn(String role) {
		return dsn(this.leader, role, secretOf(role));
	}

	/**
	 * The connection URI of the current leader for a role with the given secret.
	 * @param role the role
	 * @param secret the password to present
	 * @return the URI (it contains the secret: do not log it)
	 */
	public String dsn(String role, String secret) {
		return dsn(this.leader, role, secret);
	}

	/**
	 * The connection URI of one node (a standby for reads, say) for a role, with the role's own secret.
	 * @param node the node
	 * @param role {@code teesql_read} or {@code teesql_readwrite}
	 * @return the URI (it contains the secret: do not log it)
	 */
	public String dsn(DevNode node, String role) {
		return dsn(node, role, secretOf(role));
	}

	private String dsn(DevNode node, String role, String secret) {
		return "postgresql://" + URLEncoder.encode(role, StandardCharsets.UTF_8) + ":" + secret + "@" + host() + ":"
				+ node.sidecarPort() + "/" + database();
	}

	private String secretOf(String role) {
		if (ClusterRoles.READ.equals(role)) {
			return this.readSecret;
		}
		if (ClusterRoles.READ_WRITE.equals(role)) {
			return this.readWriteSecret;
		}
		throw new IllegalArgumentException("Role '" + role + "' is not known to this dev cluster group; use "
				+ ClusterRoles.READ + " or " + ClusterRoles.READ_WRITE);
	}

	/**
	 * Base URL of the group's dev PCS (signed collateral for its simulated platform on the Intel PCS v4 paths).
	 * @return the URL
	 */
	public URI pcsBaseUrl() {
		return this.pcs.baseUrl();
	}

	/**
	 * The simulated platform's root CA: what the Intel SGX Root CA is to real quotes.
	 * @return the root certificate
	 */
	public X509Certificate platformRootCertificate() {
		return this.pcs.rootCertificate();
	}

	/**
	 * A DCAP verifier that trusts the group's simulated platform, with collateral from its dev PCS.
	 * @return a new verifier
	 */
	public QuoteVerifier quoteVerifier() {
		return DcapQuoteVerifier.create(platformRootCertificate(), pcsBaseUrl(), null,
				PcsCollateralClient.DEFAULT_TIMEOUT);
	}

	/**
	 * The group's app CA: every node's sidecar certificate and every client certificate of its guest agent chains
	 * to it.
	 * @return the CA certificate
	 */
	public X509Certificate appCaCertificate() {
		return this.clientIssuer.certificateAuthority().certificate();
	}

	/**
	 * Issues a certificate from the group's guest agent, as a workload in this cluster would get one.
	 * @param request what to issue
	 * @return the key and chain
	 */
	public IssuedKey issueCertificate(TlsKeyRequest request) {
		return this.clientIssuer.issue(request, AttestationKnobs.genuine());
	}

	/**
	 * Stops every sidecar, every PostgreSQL server (waiting for their processes to exit), the dev PCS and the guest
	 * agent, and deletes the data directories.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		List<AutoCloseable> parts = new ArrayList<>(List.of(this.guestAgent, this.pcs, this.replication));
		this.nodes.forEach((node) -> parts.add(node::close));
		closeAll(parts, null);
		logger.info("Stopped dev cluster group {}", this.clusterAddress);
	}

	private void assertOpen() {
		if (this.closed) {
			throw new IllegalStateException("Dev cluster group " + this.clusterAddress + " is closed");
		}
	}

	/** Closes in reverse start order: sidecars stop accepting before their backends go away. */
	private static void closeAll(List<AutoCloseable> parts, RuntimeException primary) {
		RuntimeException failure = primary;
		for (int i = parts.size() - 1; i >= 0; i--) {
			try {
				parts.get(i).close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = new IllegalStateException("Failed to stop the dev cluster group cleanly", ex);
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (primary == null && failure != null) {
			throw failure;
		}
	}

	@Override
	public String toString() {
		return "DevClusterGroup[cluster=" + this.clusterAddress + ", epoch=" + this.epoch + ", leader=node "
				+ this.leader.index() + ", nodes=" + this.nodes + "]";
	}

}
