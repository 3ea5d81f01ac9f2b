package com.teesql.devcluster.support;

import java.util.List;

import com.teesql.devcluster.DevCluster;
import com.teesql.jdbc.attestation.AttestationPolicy;

/**
 * The identity pin of clients of a dev cluster: its own app-id, as a production client pins its operator's. Every
 * connector of the tests starts from it rather than from the {@code require-identity=false} escape hatch.
 */
public final class DevIdentity {

	private DevIdentity() {
	}

	/**
	 * A policy builder that accepts only the cluster's app (further settings can be added).
	 * @param cluster the dev cluster
	 * @return the builder
	 */
	public static AttestationPolicy.Builder pinnedTo(DevCluster cluster) {
		return AttestationPolicy.builder().allowedAppIds(List.of(cluster.appId()));
	}

}
