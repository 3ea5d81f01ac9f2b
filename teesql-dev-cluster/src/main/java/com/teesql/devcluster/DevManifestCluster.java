package com.teesql.devcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

import com.teesql.devcluster.dns.ManifestDnsServer;
import com.teesql.devcluster.dns.ManifestFields;

/**
 * A multi-node dev cluster whose leader is published the production way: as a signed manifest in DNS TXT at
 * {@code _teesql-leader.<domain>}, served by a loopback DNS server, re-signed with epoch + 1 on every failover.
 *
 * @author teesql-spring-boot
 */
public final class DevManifestCluster implements AutoCloseable {

	/** How long each published manifest stays valid. */
	public static final Duration MANIFEST_VALIDITY = Duration.ofHours(1);

	private final ManifestDnsServer dns;

	private final DevClusterGroup group;

	private DevManifestCluster(ManifestDnsServer dns, DevClusterGroup group) {
		this.dns = dns;
		this.group = group;
	}

	/**
	 * Starts the DNS server and the nodes, and publishes the first leader.
	 * @param nodes number of nodes (primary + standbys)
	 * @param domain the cluster domain
	 * @return the running cluster
	 */
	public static DevManifestCluster start(int nodes, String domain) {
		return start(nodes, domain, false);
	}

	/**
	 * Starts the DNS server and the nodes, and publishes the first leader.
	 * @param nodes number of nodes (primary + standbys)
	 * @param domain the cluster domain
	 * @param autoRejoin whether each fenced leader rejoins as a standby after its failover (see
	 * {@link DevClusterGroupOptions#autoRejoin()})
	 * @return the running cluster
	 */
	public static DevManifestCluster start(int nodes, String domain, boolean autoRejoin) {
		ManifestDnsServer dns;
		try {
			dns = ManifestDnsServer.start(domain);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the dev manifest DNS server", ex);
		}
		try {
			DevClusterGroup group = DevClusterGroup.start(DevClusterGroupOptions.defaults()
				.withNodes(nodes)
				.withAutoRejoin(autoRejoin)
				.withPublisher((announcement) -> dns.publish(new ManifestFields(announcement.cluster(),
						announcement.epoch(), announcement.leaderInstance(), announcement.leaderUrl(),
						Instant.now().plus(MANIFEST_VALIDITY).getEpochSecond()))));
			return new DevManifestCluster(dns, group);
		}
		catch (RuntimeException ex) {
			dns.close();
			throw ex;
		}
	}

	/**
	 * The nodes.
	 * @return the group
	 */
	public DevClusterGroup group() {
		return this.group;
	}

	/**
	 * The DNS server publishing the manifest (with knobs for forged, expired, rolled-back manifests and outages).
	 * @return the server
	 */
	public ManifestDnsServer dns() {
		return this.dns;
	}

	/**
	 * The resolver to configure ({@code teesql.manifest.resolvers}).
	 * @return {@code host:port}
	 */
	public String resolver() {
		return this.dns.address();
	}

	/**
	 * The manifest signer to pin ({@code teesql.manifest.signer-address}).
	 * @return {@code 0x} + 40 hex
	 */
	public String signerAddress() {
		return this.dns.signerAddress();
	}

	/**
	 * Fails over to a standby and publishes the new leader with epoch + 1.
	 * @return the new leader
	 */
	public DevNode failover() {
		return this.group.failover();
	}

	/**
	 * Makes a fenced node a standby of the current leader again, behind a new sidecar.
	 * @param fenced the fenced node
	 * @return the node
	 * @see DevClusterGroup#rejoin(DevNode)
	 */
	public DevNode rejoin(DevNode fenced) {
		return this.group.rejoin(fenced);
	}

	@Override
	public void close() {
		try {
			this.group.close();
		}
		finally {
			this.dns.close();
		}
	}

}
