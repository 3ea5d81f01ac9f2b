package com.teesql.devcluster;

import java.util.HexFormat;

import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.devcluster.postgres.PostgresNode;
import com.teesql.devcluster.sidecar.Sidecar;
import com.teesql.devcluster.sidecar.SidecarStats;

/**
 * One node of a {@link DevClusterGroup}: its own simulated TD (same app and measurements as the other nodes, its own
 * instance id), its own RA-TLS sidecar and its own PostgreSQL server.
 *
 * @author teesql-spring-boot
 */
public final class DevNode {

	private final int index;

	private final TdIdentity td;

	private final PostgresNode postgres;

	private final Sidecar sidecar;

	private final int sidecarPort;

	private final int sidecarHttpPort;

	private volatile NodeRole role;

	DevNode(int index, TdIdentity td, PostgresNode postgres, Sidecar sidecar, NodeRole role) {
		this.index = index;
		this.td = td;
		this.postgres = postgres;
		this.sidecar = sidecar;
		// Kept after fencing, so that callers can show the old address refuses connections.
		this.sidecarPort = sidecar.port();
		this.sidecarHttpPort = sidecar.httpPort();
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
	 * Port of the node's RA-TLS listener on 127.0.0.1; after fencing nothing listens there any more.
	 * @return the port
	 */
	public int sidecarPort() {
		return this.sidecarPort;
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
		return "https://127.0.0.1:" + this.sidecarPort;
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

	void becomeLeader() {
		this.role = NodeRole.LEADER;
	}

	/**
	 * Closes the sidecar: its listener stops accepting and every live session is closed, so no write reaches this
	 * node's PostgreSQL through it any more.
	 */
	void fence() {
		this.role = NodeRole.FENCED;
		this.sidecar.close();
	}

	void close() {
		this.sidecar.close();
	}

	@Override
	public String toString() {
		return "DevNode[" + this.index + ", " + this.role + ", instance=" + instanceId() + ", sidecar=" + url() + "]";
	}

}
