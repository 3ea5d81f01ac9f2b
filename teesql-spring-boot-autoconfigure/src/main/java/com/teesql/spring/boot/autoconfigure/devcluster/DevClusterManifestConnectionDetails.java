package com.teesql.spring.boot.autoconfigure.devcluster;

import java.util.List;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.spring.boot.autoconfigure.TeeSqlManifestConnectionDetails;

/**
 * {@link TeeSqlManifestConnectionDetails} of a replicated embedded dev cluster: its loopback DNS server, the key it
 * signs manifests with and its cluster address.
 *
 * @author teesql-spring-boot
 */
record DevClusterManifestConnectionDetails(DevManifestCluster cluster, String domain)
		implements TeeSqlManifestConnectionDetails {

	@Override
	public String getDomain() {
		return this.domain;
	}

	@Override
	public String getSignerAddress() {
		return this.cluster.signerAddress();
	}

	@Override
	public String getClusterAddress() {
		return this.cluster.group().clusterAddress();
	}

	@Override
	public List<String> getResolvers() {
		return List.of(this.cluster.resolver());
	}

}
