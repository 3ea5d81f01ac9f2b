package com.teesql.devcluster;

import com.teesql.devcluster.sidecar.Sidecar;
import com.teesql.devcluster.sidecar.SidecarStats;

/**
 * A sidecar a {@link DevNode} ran while it led, closed when the node was fenced and never opened again: a node that
 * rejoins gets a new sidecar on a new port with a new certificate, so a client still holding this one's URL cannot
 * reach the node's PostgreSQL through it.
 *
 * @author teesql-spring-boot
 */
public final class FencedSidecar {

	private final Sidecar sidecar;

	private final long fencedInEpoch;

	private final SidecarStats statsAtFencing;

	FencedSidecar(Sidecar sidecar, long fencedInEpoch, SidecarStats statsAtFencing) {
		this.sidecar = sidecar;
		this.fencedInEpoch = fencedInEpoch;
		this.statsAtFencing = statsAtFencing;
	}

	/**
	 * Port the sidecar listened on; nothing of this node listens there any more.
	 * @return the port on 127.0.0.1
	 */
	public int port() {
		return this.sidecar.port();
	}

	/**
	 * The URL manifests named while the node led.
	 * @return {@code https://127.0.0.1:<port>}
	 */
	public String url() {
		return "https://127.0.0.1:" + port();
	}

	/**
	 * The epoch the node led in when it was fenced.
	 * @return the epoch
	 */
	public long fencedInEpoch() {
		return this.fencedInEpoch;
	}

	/**
	 * The sidecar's counters once it was closed.
	 * @return the snapshot taken right after closing
	 */
	public SidecarStats statsAtFencing() {
		return this.statsAtFencing;
	}

	/**
	 * The sidecar's counters now: equal to {@link #statsAtFencing()} as long as nothing was accepted since.
	 * @return a fresh snapshot
	 */
	public SidecarStats stats() {
		return this.sidecar.stats();
	}

	/**
	 * Connections the closed sidecar still holds.
	 * @return 0 unless closing failed
	 */
	public int liveSessions() {
		return this.sidecar.liveSessions();
	}

	@Override
	public String toString() {
		return "FencedSidecar[" + url() + ", epoch " + this.fencedInEpoch + "]";
	}

}
