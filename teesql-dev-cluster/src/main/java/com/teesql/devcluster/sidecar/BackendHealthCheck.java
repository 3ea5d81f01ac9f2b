package com.teesql.devcluster.sidecar;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * Runs {@code SELECT 1} on PostgreSQL as a cluster role, bounded by short timeouts, for {@code GET /health}.
 */
final class BackendHealthCheck {

	private static final int TIMEOUT_SECONDS = 3;

	private final SidecarConfig config;

	BackendHealthCheck(SidecarConfig config) {
		this.config = config;
	}

	/**
	 * @return empty when healthy, otherwise the reason
	 */
	Optional<String> check() {
		String role = this.config.healthCheckRole();
		Optional<String> password = this.config.backendPassword().apply(role);
		if (password.isEmpty()) {
			return Optional.of("no backend credential for role " + role);
		}
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setServerNames(new String[] { this.config.backendHost() });
		dataSource.setPortNumbers(new int[] { this.config.backendPort() });
		dataSource.setDatabaseName(this.config.backendDatabase());
		dataSource.setUser(role);
		dataSource.setPassword(password.get());
		dataSource.setConnectTimeout(TIMEOUT_SECONDS);
		dataSource.setLoginTimeout(TIMEOUT_SECONDS);
		dataSource.setSocketTimeout(TIMEOUT_SECONDS);
		dataSource.setApplicationName("teesql-sidecar-health");
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT 1")) {
			return (rows.next() && rows.getInt(1) == 1) ? Optional.empty()
					: Optional.of("SELECT 1 returned no row");
		}
		catch (SQLException ex) {
			return Optional.of("backend " + this.config.backendHost() + ":" + this.config.backendPort()
					+ " unavailable: " + ex.getMessage());
		}
	}

}
