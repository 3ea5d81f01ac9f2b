package com.teesql.devcluster.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import com.teesql.devcluster.DevCluster;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.tls.ConnectorRegistry;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.jdbc.tls.TeeSqlJdbcUrls;

/**
 * pgjdbc connections to a dev cluster through the RA-TLS socket factory, each with its own connector pinned to the
 * cluster's app and registered under a name with this instance's prefix (so a test class can unregister its own
 * connectors after each test without touching those of others).
 */
public final class PinnedConnections {

	private final AtomicInteger connectorCount = new AtomicInteger();

	private final DevCluster cluster;

	private final String prefix;

	/**
	 * @param cluster the dev cluster to connect to
	 * @param prefix the prefix of the registered connector names
	 */
	public PinnedConnections(DevCluster cluster, String prefix) {
		this.cluster = cluster;
		this.prefix = prefix;
	}

	/**
	 * Connects as {@code role}: the connector asks the cluster's guest agent, pins its app-id, verifies quotes with
	 * {@code quoteVerifier} ({@code null}: verifier {@code none}) and takes any other setting from
	 * {@code customizer}.
	 * @param role the PostgreSQL role
	 * @param secret the role's secret
	 * @param customizer changes to the connector settings
	 * @param quoteVerifier the verifier instance, or {@code null} for the one the settings describe
	 * @param created receives the connector in its first element
	 * @return the open connection
	 * @throws Exception if the DSN is invalid or pgjdbc refuses
	 */
	public Connection connect(String role, String secret, UnaryOperator<RaTlsConnectorConfig.Builder> customizer,
			QuoteVerifier quoteVerifier, RaTlsConnector[] created) throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse(this.cluster.dsn(role, secret));
		RaTlsConnectorConfig.Builder builder = RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
			.dstackEndpoint(this.cluster.guestAgentEndpoint())
			.verifier(VerifierKind.NONE)
			.policy(DevIdentity.pinnedTo(this.cluster).build());
		created[0] = RaTlsConnector.builder(customizer.apply(builder).build()).quoteVerifier(quoteVerifier).build();
		String name = register(created[0]);
		Properties properties = new Properties();
		properties.setProperty("user", dsn.role());
		properties.setProperty("password", dsn.secret().orElseThrow());
		properties.setProperty("connectTimeout", "10");
		return DriverManager.getConnection(TeeSqlJdbcUrls.jdbcUrl(dsn, name), properties);
	}

	/**
	 * Registers {@code connector} under a new name with this instance's prefix.
	 * @param connector the connector
	 * @return the name to put in a JDBC URL
	 */
	public String register(RaTlsConnector connector) {
		String name = this.prefix + this.connectorCount.incrementAndGet();
		ConnectorRegistry.register(name, connector);
		return name;
	}

	/**
	 * Unregisters every connector this instance registered.
	 */
	public void unregisterAll() {
		for (String name : ConnectorRegistry.names()) {
			if (name.startsWith(this.prefix)) {
				ConnectorRegistry.unregister(name);
			}
		}
	}

	/**
	 * The first column of the first row of {@code sql}, as text.
	 * @param connection an open connection
	 * @param sql a query
	 * @return the value
	 * @throws SQLException if the query fails
	 */
	public static String queryString(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

}
