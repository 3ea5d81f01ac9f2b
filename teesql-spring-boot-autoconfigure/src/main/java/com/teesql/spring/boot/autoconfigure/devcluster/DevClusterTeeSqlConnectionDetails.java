package com.teesql.spring.boot.autoconfigure.devcluster;

import com.teesql.devcluster.DevCluster;
import com.teesql.jdbc.attestation.VerifierKind;
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
	public VerifierKind getVerifier() {
		// Dev quotes are signed by the dev platform, not by Intel; until the DCAP verifier can be given the dev
		// root, signatures are skipped (and the connector warns). Binding, debug and MRTD checks still apply.
		return VerifierKind.NONE;
	}

}
