package com.teesql.devcluster.outage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.tls.ConnectorRegistry;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.TeeSqlJdbcUrls;
import com.teesql.testsupport.Causes;

/**
 * Opens real pgjdbc connections through one {@link RaTlsConnector}, as a pool would.
 */
final class OutageClient implements AutoCloseable {

	private static final AtomicInteger count = new AtomicInteger();

	private final TeeSqlDsn dsn;

	private final RaTlsConnector connector;

	private final String name;

	OutageClient(TeeSqlDsn dsn, RaTlsConnector connector) {
		this.dsn = dsn;
		this.connector = connector;
		this.name = "outage-" + count.incrementAndGet();
		ConnectorRegistry.register(this.name, connector);
	}

	RaTlsConnector connector() {
		return this.connector;
	}

	Connection connect() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.dsn.role());
		properties.setProperty("password", this.dsn.secret().orElseThrow());
		properties.setProperty("connectTimeout", "20");
		return DriverManager.getConnection(TeeSqlJdbcUrls.jdbcUrl(this.dsn, this.name), properties);
	}

	String currentUser() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT current_user")) {
			rs.next();
			return rs.getString(1);
		}
	}

	/**
	 * Connects expecting a refusal.
	 * @return the refusal
	 */
	Refusal refusal() {
		try (Connection ignored = connect()) {
			throw new AssertionError("connection was expected to be refused but was opened");
		}
		catch (SQLException ex) {
			return new Refusal(ex);
		}
	}

	@Override
	public void close() {
		ConnectorRegistry.unregister(this.name);
		this.connector.close();
	}

	record Refusal(SQLException failure) {

		<T extends Throwable> T cause(Class<T> type) {
			return Causes.find(this.failure, type);
		}

	}

}
