package com.teesql.devcluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.InvalidDsnException;
import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.tls.ConnectorRegistry;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.jdbc.tls.TeeSqlJdbcUrls;

import static org.assertj.core.api.Assertions.fail;

/**
 * Connects pgjdbc to the sidecars of a {@link DevClusterGroup} through the project's RA-TLS socket factory, with the
 * group's DCAP verifier and its app CA pinned, exactly as an application would.
 */
final class GroupClient implements AutoCloseable {

	private static final AtomicInteger connectorCount = new AtomicInteger();

	private final DevClusterGroup group;

	private final QuoteVerifier verifier;

	private final List<String> connectorNames = new ArrayList<>();

	GroupClient(DevClusterGroup group) {
		this.group = group;
		this.verifier = group.quoteVerifier();
	}

	Connection connect(DevNode node, String role) throws SQLException {
		TeeSqlDsn dsn;
		try {
			dsn = TeeSqlDsn.parse(this.group.dsn(node, role));
		}
		catch (InvalidDsnException ex) {
			throw new IllegalStateException("The group made an invalid DSN: " + ex.getMessage(), ex);
		}
		RaTlsConnectorConfig config = RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
			.dstackEndpoint(this.group.guestAgentEndpoint())
			.kmsRootCa(this.group.appCaCertificate())
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		String name = "group-" + connectorCount.incrementAndGet();
		try {
			ConnectorRegistry.register(name, RaTlsConnector.builder(config).quoteVerifier(this.verifier).build());
		}
		catch (TeeSqlException ex) {
			throw new IllegalStateException("the KMS root pins the group's identity", ex);
		}
		synchronized (this.connectorNames) {
			this.connectorNames.add(name);
		}
		Properties properties = new Properties();
		properties.setProperty("user", dsn.role());
		properties.setProperty("password", dsn.secret().orElseThrow());
		properties.setProperty("connectTimeout", "10");
		properties.setProperty("socketTimeout", "60");
		return DriverManager.getConnection(TeeSqlJdbcUrls.jdbcUrl(dsn, name), properties);
	}

	static long queryLong(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/** Polls a read through a node's sidecar until it returns the expected value; replication is asynchronous. */
	void awaitValue(DevNode node, String role, String sql, long expected, Duration timeout) throws SQLException {
		long deadline = System.nanoTime() + timeout.toNanos();
		long last;
		try (Connection connection = connect(node, role)) {
			while ((last = queryLongOrMissing(connection, sql)) != expected) {
				if (System.nanoTime() - deadline > 0) {
					fail("node " + node.index() + " returned " + last + " instead of " + expected + " for '" + sql
							+ "' after " + timeout.toMillis() + " ms");
				}
				sleep(50);
			}
		}
	}

	/** A table created on the leader does not exist on a standby until its creation has been replayed. */
	private static long queryLongOrMissing(Connection connection, String sql) throws SQLException {
		try {
			return queryLong(connection, sql);
		}
		catch (SQLException ex) {
			if ("42P01".equals(ex.getSQLState())) {
				return Long.MIN_VALUE;
			}
			throw ex;
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		synchronized (this.connectorNames) {
			this.connectorNames.forEach(ConnectorRegistry::unregister);
			this.connectorNames.clear();
		}
	}

}
