package com.teesql.spring.boot.autoconfigure.devcluster;

import java.net.URI;
import java.util.List;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.DevClusterGroup;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.InvalidDsnException;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import org.jspecify.annotations.Nullable;

/**
 * {@link TeeSqlConnectionDetails} pointing at an embedded {@link DevCluster} or at the nodes of a replicated
 * {@link DevClusterGroup}.
 *
 * @author teesql-spring-boot
 */
final class DevClusterTeeSqlConnectionDetails implements TeeSqlConnectionDetails {

	private final TeeSqlDsn dsn;

	private final String dstackEndpoint;

	private final QuoteVerifier quoteVerifier;

	private final String appId;

	private final @Nullable URI sidecarHttpUrl;

	private DevClusterTeeSqlConnectionDetails(TeeSqlDsn dsn, String dstackEndpoint, QuoteVerifier quoteVerifier,
			String appId, @Nullable URI sidecarHttpUrl) {
		this.dsn = dsn;
		this.dstackEndpoint = dstackEndpoint;
		this.quoteVerifier = quoteVerifier;
		this.appId = appId;
		this.sidecarHttpUrl = sidecarHttpUrl;
	}

	static DevClusterTeeSqlConnectionDetails of(DevCluster cluster, String role) throws InvalidDsnException {
		return new DevClusterTeeSqlConnectionDetails(TeeSqlDsn.parse(cluster.dsn(role)), cluster.guestAgentEndpoint(),
				cluster.quoteVerifier(), cluster.appId(),
				URI.create("http://" + cluster.host() + ":" + cluster.sidecarHttpPort()));
	}

	// The DSN names the leader at startup; in leader mode the manifest decides where connections go, and the sidecar
	// HTTP API is the current leader's (derived by the actuator from the manifest), so none is given here.
	static DevClusterTeeSqlConnectionDetails of(DevClusterGroup group, String role) throws InvalidDsnException {
		return new DevClusterTeeSqlConnectionDetails(TeeSqlDsn.parse(group.dsn(role)), group.guestAgentEndpoint(),
				group.quoteVerifier(), group.appId(), null);
	}

	@Override
	public TeeSqlDsn getDsn() {
		return this.dsn;
	}

	@Override
	public String getDstackEndpoint() {
		return this.dstackEndpoint;
	}

	@Override
	public QuoteVerifier getQuoteVerifier() {
		// Real DCAP verification, trusting the dev platform's root instead of Intel's and fetching collateral from
		// the cluster's dev PCS: the same code path as production, only the trust anchor differs.
		return this.quoteVerifier;
	}

	@Override
	public List<String> getAllowedAppIds() {
		// The dev cluster pins its own identity, as a production client pins its operator's: no escape hatch needed.
		return List.of(this.appId);
	}

	@Override
	public @Nullable URI getSidecarHttpUrl() {
		return this.sidecarHttpUrl;
	}

	@Override
	public String toString() {
		// The DSN carries the cluster secret.
		return "DevClusterTeeSqlConnectionDetails[" + this.dsn.host() + ":" + this.dsn.port() + "]";
	}

}
