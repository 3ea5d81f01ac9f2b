package com.teesql.spring.boot.autoconfigure.devcluster;

import java.net.URI;
import java.util.List;

import com.teesql.devcluster.DevCluster;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;

/**
 * {@link TeeSqlConnectionDetails} pointing at an embedded {@link DevCluster}.
 *
 * @author teesql-spring-boot
 */
class DevClusterTeeSqlConnectionDetails implements TeeSqlConnectionDetails {

	private final DevCluster cluster;

	private final TeeSqlDsn dsn;

	DevClusterTeeSqlConnectionDetails(DevCluster cluster, TeeSqlDsn dsn) {
		this.cluster = cluster;
		this.dsn = dsn;
	}

	@Override
	public TeeSqlDsn getDsn() {
		return this.dsn;
	}

	@Override
	public String getDstackEndpoint() {
		return this.cluster.guestAgentEndpoint();
	}

	@Override
	public QuoteVerifier getQuoteVerifier() {
		// Real DCAP verification, trusting the dev platform's root instead of Intel's and fetching collateral from
		// the cluster's dev PCS: the same code path as production, only the trust anchor differs.
		return this.cluster.quoteVerifier();
	}

	@Override
	public List<String> getAllowedAppIds() {
		// The dev cluster pins its own identity, as a production client pins its operator's: no escape hatch needed.
		return List.of(this.cluster.appId());
	}

	@Override
	public URI getSidecarHttpUrl() {
		return URI.create("http://" + this.cluster.host() + ":" + this.cluster.sidecarHttpPort());
	}

}
