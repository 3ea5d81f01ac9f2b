package com.teesql.devcluster.support;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.ita.DevTrustAuthority;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityConfig;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A dev cluster and a dev Intel Trust Authority that requires one API key, shared by the tests of a class (register it
 * as a static {@code @RegisterExtension} field): both started before the first test, the authority's knobs reset
 * after each test, both closed after the last.
 */
public final class TrustAuthorityCluster implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	private final String apiKey;

	private DevCluster cluster;

	private DevTrustAuthority authority;

	/**
	 * @param apiKey the API key the authority requires
	 */
	public TrustAuthorityCluster(String apiKey) {
		this.apiKey = apiKey;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.cluster = DevCluster.start();
		this.authority = new DevTrustAuthority().start(this.apiKey);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.authority.reset();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		try {
			if (this.authority != null) {
				this.authority.close();
			}
		}
		finally {
			if (this.cluster != null) {
				this.cluster.close();
			}
		}
	}

	public DevCluster cluster() {
		return this.cluster;
	}

	public DevTrustAuthority authority() {
		return this.authority;
	}

	/**
	 * The settings of a verifier that asks this authority with {@code apiKey} and trusts its JWKS (further settings
	 * can be added).
	 * @param apiKey the key to send, the required one or not
	 * @return the builder
	 */
	public IntelTrustAuthorityConfig.Builder verifierConfig(String apiKey) {
		return IntelTrustAuthorityConfig.builder()
			.apiKey(apiKey)
			.baseUrl(this.authority.baseUrl())
			.jwksUrl(this.authority.jwksUrl());
	}

	/**
	 * The settings of a connector to {@code dsn}'s sidecar of this cluster, pinned to its app (further settings can
	 * be added).
	 * @param dsn a DSN of this cluster
	 * @return the builder
	 */
	public RaTlsConnectorConfig.Builder connectorConfig(TeeSqlDsn dsn) {
		return RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
			.dstackEndpoint(this.cluster.guestAgentEndpoint())
			.policy(DevIdentity.pinnedTo(this.cluster).build());
	}

}
