package com.teesql.spring.boot.autoconfigure.support;

import java.util.List;

import com.teesql.devcluster.DevClusterGroup;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;

/**
 * Connection details for a dev cluster group: its read-write DSN (or another target), guest agent, DCAP verifier and
 * the app-id its nodes attest (the identity pin, as the dev cluster's own connection details give it).
 */
public record GroupConnectionDetails(TeeSqlDsn dsn, String dstackEndpoint, QuoteVerifier quoteVerifier, String appId)
		implements TeeSqlConnectionDetails {

	/**
	 * Details of a group's current leader for the read-write role.
	 * @param group the group
	 * @return the details
	 */
	public static GroupConnectionDetails readWrite(DevClusterGroup group) {
		return new GroupConnectionDetails(parse(group.dsn("teesql_readwrite")), group.guestAgentEndpoint(),
				group.quoteVerifier(), group.appId());
	}

	public static TeeSqlDsn parse(String dsn) {
		try {
			return TeeSqlDsn.parse(dsn);
		}
		catch (Exception ex) {
			throw new IllegalStateException("dev cluster DSN does not parse", ex);
		}
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
		return this.quoteVerifier;
	}

	@Override
	public List<String> getAllowedAppIds() {
		return (this.appId != null) ? List.of(this.appId) : List.of();
	}

	@Override
	public String toString() {
		// The DSN carries the cluster secret.
		return "GroupConnectionDetails[" + this.dsn.host() + ":" + this.dsn.port() + "]";
	}

}
