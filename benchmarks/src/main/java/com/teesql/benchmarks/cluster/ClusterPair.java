package com.teesql.benchmarks.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.DevClusterOptions;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.InvalidDsnException;
import com.teesql.jdbc.tls.ConnectorRegistry;
import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.jdbc.tls.TeeSqlJdbcUrls;

/**
 * The two paths compared, each a real dev cluster with its own PostgreSQL: an attested one (RA-TLS server
 * certificate with a simulated TDX quote, mutual TLS with a client certificate from the guest agent, DCAP
 * verification) and one in simulator mode, whose sidecar presents a plain certificate and asks for no client
 * certificate. The latter is the "plain TLS proxy of the same shape": the same sidecar code, secret
 * authentication and credential injection, reached by stock pgjdbc with {@code sslmode=require}.
 */
final class ClusterPair implements AutoCloseable {

	private final DevCluster attested;

	private final DevCluster plain;

	private final QuoteVerifier quoteVerifier;

	private final List<AttestedTarget> targets = new ArrayList<>();

	private ClusterPair(DevCluster attested, DevCluster plain) {
		this.attested = attested;
		this.plain = plain;
		// One verifier for every connector: its collateral, once fetched from the dev PCS, stays cached, so a
		// verification measured here is DCAP with cached collateral.
		this.quoteVerifier = attested.quoteVerifier();
	}

	static ClusterPair start() {
		DevCluster attested = DevCluster.start();
		try {
			return new ClusterPair(attested, DevCluster.start(DevClusterOptions.defaults().withSimulatorMode(true)));
		}
		catch (RuntimeException ex) {
			attested.close();
			throw ex;
		}
	}

	/**
	 * The stock pgjdbc URL of the simulator-mode sidecar: classic SSLRequest, TLS required, certificate not
	 * validated (there is nothing to validate it against; the attested path replaces exactly this check).
	 */
	String plainJdbcUrl() {
		return "jdbc:postgresql://" + this.plain.host() + ":" + this.plain.sidecarPort() + "/" + this.plain.database()
				+ "?sslmode=require&sslfactory=org.postgresql.ssl.NonValidatingFactory&connectTimeout=10";
	}

	Properties plainCredentials() {
		return credentials(ClusterRoles.READ_WRITE, this.plain.readWriteSecret());
	}

	/**
	 * Register a connector to the attested cluster.
	 * @param cacheTtl how long a verified server certificate is trusted without verifying it again; zero makes
	 * every connection run DCAP
	 * @return the connector's registry name and the connector
	 */
	AttestedTarget attestedTarget(Duration cacheTtl) {
		return attestedTarget(cacheTtl, this.quoteVerifier);
	}

	/**
	 * Register a connector to the attested cluster that verifies quotes with the given verifier.
	 * @param cacheTtl how long a verified server certificate is trusted without verifying it again
	 * @param quoteVerifier the verifier (for example one wrapping {@link #quoteVerifier()} to count its runs)
	 * @return the connector's registry name and the connector
	 */
	AttestedTarget attestedTarget(Duration cacheTtl, QuoteVerifier quoteVerifier) {
		TeeSqlDsn dsn = attestedDsn();
		RaTlsConnector connector;
		try {
			connector = RaTlsConnector.builder(RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
				.dstackEndpoint(this.attested.guestAgentEndpoint())
				.policy(AttestationPolicy.builder().allowedAppIds(List.of(this.attested.appId())).build())
				.cacheTtl(cacheTtl)
				.build()).quoteVerifier(quoteVerifier).build();
		}
		catch (TeeSqlException ex) {
			throw new IllegalStateException("the app-id pins the attested cluster's identity", ex);
		}
		String name = "bench-" + (this.targets.size() + 1);
		ConnectorRegistry.register(name, connector);
		AttestedTarget target = new AttestedTarget(name, connector,
				TeeSqlJdbcUrls.jdbcUrl(dsn, name) + "&connectTimeout=10",
				credentials(dsn.role(), dsn.secret().orElseThrow()));
		this.targets.add(target);
		return target;
	}

	/** The verifier every connector of this pair shares (DCAP with collateral cached after the first fetch). */
	QuoteVerifier quoteVerifier() {
		return this.quoteVerifier;
	}

	/** The simulator-mode cluster of the baseline paths (plain certificate, no attestation). */
	DevCluster plainCluster() {
		return this.plain;
	}

	TeeSqlDsn attestedDsn() {
		try {
			return TeeSqlDsn.parse(this.attested.dsn(ClusterRoles.READ_WRITE));
		}
		catch (InvalidDsnException ex) {
			throw new IllegalStateException("The dev cluster's DSN does not parse", ex);
		}
	}

	private static Properties credentials(String user, String password) {
		Properties properties = new Properties();
		properties.setProperty("user", user);
		properties.setProperty("password", password);
		return properties;
	}

	/**
	 * Prove a path works before timing it: a broken path would otherwise be timed as fast failures.
	 */
	static void assertConnectsAs(String url, Properties credentials, String expectedUser) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, credentials);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT current_user")) {
			if (!rows.next() || !expectedUser.equals(rows.getString(1))) {
				throw new IllegalStateException("Connected through " + url + " but not as " + expectedUser);
			}
		}
	}

	@Override
	public void close() {
		for (AttestedTarget target : this.targets) {
			ConnectorRegistry.unregister(target.name());
			target.connector().close();
		}
		try {
			this.attested.close();
		}
		finally {
			this.plain.close();
		}
	}

	/**
	 * A registered connector and the pgjdbc URL and credentials that use it.
	 */
	record AttestedTarget(String name, RaTlsConnector connector, String jdbcUrl, Properties credentials) {

		@Override
		public String toString() {
			return "AttestedTarget[" + this.name + "]";
		}

	}

}
