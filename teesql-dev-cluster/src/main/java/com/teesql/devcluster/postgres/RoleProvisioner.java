package com.teesql.devcluster.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates the cluster roles with the privileges of protocol.md 5.5. Safe to run repeatedly against the
 * same server: existing roles only get their password reset and the grants re-applied.
 */
final class RoleProvisioner {

	private static final Logger logger = LoggerFactory.getLogger(RoleProvisioner.class);

	private RoleProvisioner() {
	}

	static void provision(Connection admin, String database, Map<String, String> passwords) throws SQLException {
		for (String role : ClusterRoles.ALL) {
			String password = passwords.get(role);
			if (password == null || !password.matches("[0-9a-f]{64}")) {
				// Passwords are inlined below (ALTER ROLE takes no parameters), so only hex is ever accepted.
				throw new IllegalArgumentException("Generated password for role " + role + " is not 64 hex chars");
			}
			createOrUpdateRole(admin, role, password);
		}
		String quotedDatabase = quoteIdentifier(database);
		String read = ClusterRoles.READ;
		String readWrite = ClusterRoles.READ_WRITE;
		// Since PostgreSQL 15 PUBLIC no longer has CREATE on schema public, so every right is granted explicitly.
		execute(admin, List.of(
				"GRANT CONNECT ON DATABASE " + quotedDatabase + " TO " + read + ", " + readWrite,
				"GRANT USAGE ON SCHEMA public TO " + read,
				"GRANT USAGE, CREATE ON SCHEMA public TO " + readWrite,
				"GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + read,
				"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + readWrite,
				"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO " + readWrite,
				// Tables the read-write role creates later must be readable by the read role.
				"ALTER DEFAULT PRIVILEGES FOR ROLE " + readWrite + " IN SCHEMA public GRANT SELECT ON TABLES TO " + read,
				// Tables the administrator creates later (fixtures, migrations run as admin) behave the same.
				"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + read,
				"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "
						+ readWrite,
				"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO " + readWrite));
		logger.debug("Provisioned roles {} in database {}", ClusterRoles.ALL, database);
	}

	private static void createOrUpdateRole(Connection admin, String role, String password) throws SQLException {
		boolean exists;
		try (PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
			query.setString(1, role);
			try (ResultSet rows = query.executeQuery()) {
				exists = rows.next();
			}
		}
		String verb = exists ? "ALTER" : "CREATE";
		try (Statement statement = admin.createStatement()) {
			statement.execute(verb + " ROLE " + role + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '"
					+ password + "'");
		}
		catch (SQLException ex) {
			// The driver may echo the statement; rethrow without it so the password cannot leak.
			throw new SQLException("Could not " + verb.toLowerCase() + " role " + role + " (SQLSTATE "
					+ ex.getSQLState() + ")", ex.getSQLState());
		}
	}

	private static void execute(Connection admin, List<String> statements) throws SQLException {
		try (Statement statement = admin.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	static String quoteIdentifier(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

}
