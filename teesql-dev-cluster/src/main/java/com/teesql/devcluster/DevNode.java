package com.teesql.devcluster;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.devcluster.postgres.PostgresNode;
import com.teesql.devcluster.sidecar.Sidecar;
import com.teesql.devcluster.sidecar.SidecarStats;

/**
 * One node of a {@link DevClusterGroup}: its own simulated TD (same app and measurements as the other nodes, its own
 * instance id), its own RA-TLS sidecar and its own PostgreSQL server. A fenced node that rejoins as a standby gets a
 * new sidecar; the ones it had before stay closed and are kept as {@link #fencedSidecars()}.
 *
 * @author teesql-spring-boot
 */
public final class DevNode {

	private final int index;

	private final TdIdentity td;

	private final PostgresNode postgres;

	private final NodeSidecarFactory sidecars;

	private final List<FencedSidecar> fencedSidecars = new CopyOnWriteArrayList<>();

	private volatile Sidecar sidecar;

	private volatile int sidecarHttpPort;

	private volatile NodeRole role;

	DevNode(int index, PostgresNode postgres, NodeSidecarFactory sidecars, NodeRole role) {
		this.index = index;
		this.td = sidecars.td();
		this.postgres = postgres;
		this.sidecars = sidecars;
		this.sidecar = sidecars.start(postgres.server(), AttestationKnobs.genuine());
		// Kept after fencing, like the port, so that callers can show the old address refuses connections.
		this.sidecarHttpPort = this.sidecar.httpPort();
		this.role = role;
	}

	/**
	 * Position of the node in its group; node 0 is the first leader.
	 * @return the index
	 */
	public int index() {
		return this.index;
	}

	/**
	 * The node's dstack instance id, as its quotes and {@code /attestation} report it.
	 * @return 40 lowercase hex characters
	 */
	public String instanceId() {
		return HexFormat.of().formatHex(this.td.instanceId());
	}

	/**
	 * The node's simulated TD.
	 * @return its identity
	 */
	public TdIdentity td() {
		return this.td;
	}

	/**
	 * What the node currently is.
	 * @return the role
	 */
	public NodeRole role() {
		return this.role;
	}

	/**
	 * Port of the node's current RA-TLS listener on 127.0.0.1; after fencing nothing listens there any more, and a
	 * rejoined node listens on a new one.
	 * @return the port
	 */
	public int sidecarPort() {
		// A closed ServerSocket still reports the port it was bound to.
		return this.sidecar.port();
	}

	/**
	 * Port of the node's sidecar HTTP API on 127.0.0.1.
	 * @return the port
	 */
	public int sidecarHttpPort() {
		return this.sidecarHttpPort;
	}

	/**
	 * The URL a leader manifest names for this node.
	 * @return {@code https://127.0.0.1:<sidecar port>}
	 */
	public String url() {
		return "https://127.0.0.1:" + sidecarPort();
	}

	/**
	 * The node's PostgreSQL server.
	 * @return the server
	 */
	public PostgresNode postgres() {
		return this.postgres;
	}

	/**
	 * What the node's sidecar has seen so far.
	 * @return the counters
	 */
	public SidecarStats sidecarStats() {
		return this.sidecar.stats();
	}

	/**
	 * Client connections the node's sidecar holds open.
	 * @return live sessions, 0 once fenced
	 */
	public int liveSessions() {
		return this.sidecar.liveSessions();
	}

	/**
	 * The sidecars closed when this node was fenced, oldest first.
	 * @return the fenced sidecars, empty for a node that never led
	 */
	public List<FencedSidecar> fencedSidecars() {
		return List.copyOf(this.fencedSidecars);
	}

	/**
	 * Replaces the current sidecar's certificate with a new one of this node's TD attesting what the knobs say (for
	 * example a legacy {@code .1.1} certificate); new connections see it, and so does the sidecar's
	 * {@code /attestation} document. A sidecar started later (after a rejoin) presents a genuine certificate again.
	 * @param knobs what the new certificate attests
	 */
	public void reissueServerCertificate(AttestationKnobs knobs) {
		this.sidecars.reissue(this.sidecar, knobs);
	}

	void becomeLeader() {
		this.role = NodeRole.LEADER;
	}

	/**
	 * Closes the sidecar: its listener stops accepting and every live session is closed, so no write reaches this
	 * node's PostgreSQL through it any more.
	 * @param epoch the epoch the node led in
	 */
	void fence(long epoch) {
		this.role = NodeRole.FENCED;
		Sidecar closing = this.sidecar;
		closing.close();
		this.fencedSidecars.add(new FencedSidecar(closing, epoch, closing.stats()));
	}

	/**
	 * Puts a new sidecar (new port, new certificate) in front of the node's PostgreSQL, which must already run as a
	 * standby, and makes the node a standby again.
	 */
	void rejoined() {
		if (this.role != NodeRole.FENCED) {
			throw new IllegalStateException("Node " + this.index + " is " + this.role + ", not FENCED");
		}
		Sidecar started = this.sidecars.start(this.postgres.server(), AttestationKnobs.genuine());
		this.sidecar = started;
		this.sidecarHttpPort = started.httpPort();
		this.role = NodeRole.STANDBY;
	}

	void close() {
		this.sidecar.close();
	}

	@Override
	public String toString() {
		return "DevNode[" + this.index + ", " + this.role + ", instance=" + instanceId() + ", sidecar=" + url() + "]";
	}

}
