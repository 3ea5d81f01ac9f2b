package com.teesql.devcluster;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.devcluster.postgres.DevPostgres;
import com.teesql.devcluster.sidecar.Sidecar;
import com.teesql.devcluster.sidecar.SidecarStats;

/**
 * One local TeeSQL node for development and tests: a real PostgreSQL, a simulated TDX platform with its dev app CA,
 * a dstack guest-agent simulator (for clients' certificates) and an RA-TLS sidecar in front of PostgreSQL. Every
 * part listens on loopback only, on ephemeral ports, and {@link #close()} stops them all.
 * <p>
 * Unlike a one-node {@link DevClusterGroup} it needs no replication, so its PostgreSQL may also be one the developer
 * runs ({@link DevPostgres#EXTERNAL_URL_ENV}); its guest agent quotes the node's own TD.
 *
 * @author teesql-spring-boot
 */
public final class DevCluster extends DevClusterBase {

	private final DevPostgres postgres;

	private final NodeSidecarFactory sidecars;

	private final Sidecar sidecar;

	private DevCluster(Parts parts, DevPostgres postgres, NodeSidecarFactory sidecars, Sidecar sidecar) {
		super(parts);
		this.postgres = postgres;
		this.sidecars = sidecars;
		this.sidecar = sidecar;
	}

	/**
	 * Starts a node with {@link DevClusterOptions#defaults()}.
	 * @return the running cluster
	 */
	public static DevCluster start() {
		return start(DevClusterOptions.defaults());
	}

	/**
	 * Starts a node.
	 * @param options how to start
	 * @return the running cluster
	 */
	public static DevCluster start(DevClusterOptions options) {
		SecureRandom random = new SecureRandom();
		List<AutoCloseable> started = new ArrayList<>();
		try {
			DevPostgres postgres = DevPostgres.start();
			started.add(postgres);
			TdIdentity td = TdIdentity.random(random);
			Parts parts = Parts.start(random, td, td, HEX.formatHex(td.instanceId(), 0, 4), options.simulatorMode(),
					options.extraRoleSecrets(), started);
			NodeSidecarFactory sidecars = parts.sidecarFactory(td, random);
			Sidecar sidecar = sidecars.start(postgres, options.serverKnobs());
			return new DevCluster(parts, postgres, sidecars, sidecar);
		}
		catch (RuntimeException ex) {
			closeAll(started, ex);
			throw ex;
		}
	}

	/**
	 * Replaces the sidecar's certificate with one attesting what the knobs say; new connections see it, and so does
	 * the sidecar's {@code /attestation} document (its quote describes the same TD).
	 * @param knobs what the new certificate attests
	 */
	public void reissueServerCertificate(AttestationKnobs knobs) {
		this.sidecars.reissue(this.sidecar, knobs);
	}

	/**
	 * Port of the RA-TLS listener (the ":5433" of a real node).
	 * @return the port
	 */
	public int sidecarPort() {
		return this.sidecar.port();
	}

	@Override
	int dsnPort() {
		return sidecarPort();
	}

	/**
	 * Port of the sidecar's HTTP API (the ":8080" of a real node).
	 * @return the port
	 */
	public int sidecarHttpPort() {
		return this.sidecar.httpPort();
	}

	@Override
	public String database() {
		return this.postgres.database();
	}

	/**
	 * What the sidecar has seen so far (handshakes, StartupMessages, authentication failures, ...).
	 * @return the counters
	 */
	public SidecarStats sidecarStats() {
		return this.sidecar.stats();
	}

	/**
	 * The real PostgreSQL server.
	 * @return the server
	 */
	public DevPostgres postgres() {
		return this.postgres;
	}

	@Override
	List<AutoCloseable> nodeParts() {
		return List.of(this.postgres, this.sidecar);
	}

	@Override
	public String toString() {
		return "DevCluster[sidecar=127.0.0.1:" + sidecarPort() + ", http=127.0.0.1:" + sidecarHttpPort()
				+ ", guestAgent=" + guestAgentEndpoint() + "]";
	}

}
