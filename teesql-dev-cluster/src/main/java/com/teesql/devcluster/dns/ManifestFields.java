package com.teesql.devcluster.dns;

import java.util.Locale;

/**
 * The signed fields of a leader manifest as a dev controller publishes them. Built independently of the client's
 * parser so that the client is tested against a second implementation of protocol §6.3–6.4.
 *
 * @param cluster the cluster contract address ({@code 0x} + 40 hex)
 * @param epoch the leader epoch
 * @param leaderInstance the leader's dstack instance id (hex)
 * @param leaderUrl the leader URL
 * @param validUntil expiry, unix seconds
 */
public record ManifestFields(String cluster, long epoch, String leaderInstance, String leaderUrl, long validUntil) {

	/**
	 * The canonical signing body: six pairs in fixed key order, {@code ;}-joined, cluster and instance lowercased.
	 * @return the body
	 */
	public String canonicalBody() {
		return String.join(";", "cluster=" + this.cluster.toLowerCase(Locale.ROOT), "epoch=" + this.epoch,
				"leader_instance=" + this.leaderInstance.toLowerCase(Locale.ROOT), "leader_url=" + this.leaderUrl, "v=1",
				"valid_until=" + this.validUntil);
	}

	/**
	 * The TXT string in producer order: the canonical body followed by {@code ;sig=}.
	 * @param signature {@code 0x} + 130 hex
	 * @return the wire string
	 */
	public String txt(String signature) {
		return canonicalBody() + ";sig=" + signature;
	}

	public ManifestFields withEpoch(long epoch) {
		return new ManifestFields(this.cluster, epoch, this.leaderInstance, this.leaderUrl, this.validUntil);
	}

	public ManifestFields withCluster(String cluster) {
		return new ManifestFields(cluster, this.epoch, this.leaderInstance, this.leaderUrl, this.validUntil);
	}

	public ManifestFields withLeader(String leaderInstance, String leaderUrl) {
		return new ManifestFields(this.cluster, this.epoch, leaderInstance, leaderUrl, this.validUntil);
	}

	public ManifestFields withLeaderUrl(String leaderUrl) {
		return new ManifestFields(this.cluster, this.epoch, this.leaderInstance, leaderUrl, this.validUntil);
	}

	public ManifestFields withValidUntil(long validUntil) {
		return new ManifestFields(this.cluster, this.epoch, this.leaderInstance, this.leaderUrl, validUntil);
	}

}
