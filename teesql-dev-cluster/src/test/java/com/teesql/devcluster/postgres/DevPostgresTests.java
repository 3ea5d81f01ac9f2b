package com.teesql.devcluster.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DevPostgres} against a real PostgreSQL server.
 */
class DevPostgresTests {

	private static DevPostgres postgres;

	@BeforeAll
	static void startPostgres() {
		postgres = DevPostgres.start();
	}

	@AfterAll
	static void stopPostgres() {
		if (postgres != null) {
			postgres.close();
		}
	}

	@Test
	void rolesLogInWithTheirPasswordsOverScram() throws SQLException {
		try (Connection connection = connectAs(ClusterRoles.READ_WRITE)) {
			assertThat(queryString(connection, "SELECT current_user")).isEqualTo(ClusterRoles.READ_WRITE);
		}
		try (Connection connection = connectAs(ClusterRoles.READ)) {
			assertThat(queryString(connection, "SELECT current_user")).isEqualTo(ClusterRoles.READ);
		}
	}

	@Test
	void wrongPasswordIsRefusedBecauseNonAdminRolesNeedScram() {
		Properties properties = properties(ClusterRoles.READ, "0".repeat(64));
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), properties).close())
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
	}

	@Test
	void readRoleReadsTablesOfTheReadWriteRoleButCannotWrite() throws SQLException {
		try (Connection writer = connectAs(ClusterRoles.READ_WRITE); Statement statement = writer.createStatement()) {
			statement.execute("CREATE TABLE dev_postgres_privileges (id serial PRIMARY KEY, note text)");
			statement.execute("INSERT INTO dev_postgres_privileges (note) VALUES ('written')");
			statement.execute("UPDATE dev_postgres_privileges SET note = 'updated'");
		}
		try (Connection reader = connectAs(ClusterRoles.READ)) {
			assertThat(queryString(reader, "SELECT note FROM dev_postgres_privileges")).isEqualTo("updated");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> execute(reader, "INSERT INTO dev_postgres_privileges (note) VALUES ('no')"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("42501"));
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> execute(reader, "CREATE TABLE dev_postgres_read_only (id int)"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("42501"));
		}
	}

	@Test
	void readWriteRoleCanUseTablesTheAdminCreates() throws SQLException {
		try (Connection admin = postgres.openAdminConnection()) {
			execute(admin, "CREATE TABLE dev_postgres_admin_owned (id bigserial PRIMARY KEY, v int)");
		}
		try (Connection writer = connectAs(ClusterRoles.READ_WRITE)) {
			execute(writer, "INSERT INTO dev_postgres_admin_owned (v) VALUES (7)");
			execute(writer, "DELETE FROM dev_postgres_admin_owned WHERE v = 7");
		}
		try (Connection reader = connectAs(ClusterRoles.READ)) {
			assertThat(queryString(reader, "SELECT count(*)::text FROM dev_postgres_admin_owned")).isEqualTo("0");
		}
	}

	@Test
	void passwordsAreHexAndOnlyForProvisionedRoles() {
		assertThat(postgres.passwordOf(ClusterRoles.READ)).hasValueSatisfying((p) -> assertThat(p).matches("[0-9a-f]{64}"));
		assertThat(postgres.passwordOf(ClusterRoles.READ)).isNotEqualTo(postgres.passwordOf(ClusterRoles.READ_WRITE));
		assertThat(postgres.passwordOf("postgres")).isEmpty();
		assertThat(postgres.toString()).doesNotContain(postgres.passwordOf(ClusterRoles.READ).get());
	}

	@Test
	void stateReportsTheServersWalLocationAndVersion() throws SQLException {
		String before;
		String after;
		PostgresState state;
		try (Connection admin = postgres.openAdminConnection()) {
			before = queryString(admin, "SELECT pg_current_wal_lsn()::text");
			state = postgres.state();
			after = queryString(admin, "SELECT pg_current_wal_lsn()::text");
		}
		assertThat(Lsn.parse(state.walLsn())).isBetween(Lsn.parse(before), Lsn.parse(after));
		assertThat(state.controldataHash()).matches("[0-9a-f]{64}");
		assertThat(state.pgVersion()).matches("\\d+(\\.\\d+)?.*");
		if (postgres.isEmbedded()) {
			assertThat(state.pgVersion()).startsWith("17.");
		}
	}

	@Test
	void controldataHashChangesWithACheckpoint() throws SQLException {
		String first = postgres.state().controldataHash();
		try (Connection admin = postgres.openAdminConnection()) {
			execute(admin, "CREATE TABLE IF NOT EXISTS dev_postgres_wal (id int)");
			execute(admin, "INSERT INTO dev_postgres_wal VALUES (1)");
			execute(admin, "CHECKPOINT");
		}
		assertThat(postgres.state().controldataHash()).isNotEqualTo(first);
	}

	@Test
	void externalServerIsReprovisionedAndLeftRunningOnClose() throws SQLException {
		String url = "postgresql://postgres@" + postgres.host() + ":" + postgres.port() + "/" + postgres.database();
		try (DevPostgres external = DevPostgres.startExternal(ExternalPostgresUrl.parse(url))) {
			assertThat(external.isEmbedded()).isFalse();
			Properties properties = properties(ClusterRoles.READ_WRITE, external.passwordOf(ClusterRoles.READ_WRITE).get());
			try (Connection connection = DriverManager.getConnection(external.jdbcUrl(), properties)) {
				assertThat(queryString(connection, "SELECT current_user")).isEqualTo(ClusterRoles.READ_WRITE);
			}
		}
		try (Connection admin = postgres.openAdminConnection()) {
			assertThat(queryString(admin, "SELECT 'still running'")).isEqualTo("still running");
		}
	}

	@Test
	void closingAnEmbeddedServerStopsItAndClosesAdminConnections() throws SQLException {
		DevPostgres second = DevPostgres.startEmbedded();
		Connection admin = second.openAdminConnection();
		String url = second.jdbcUrl();
		second.close();
		assertThat(admin.isClosed()).isTrue();
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> DriverManager
			.getConnection(url, properties("postgres", null)).close());
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(second::openAdminConnection);
	}

	private static Connection connectAs(String role) throws SQLException {
		return DriverManager.getConnection(postgres.jdbcUrl(), properties(role, postgres.passwordOf(role).get()));
	}

	private static Properties properties(String user, String password) {
		Properties properties = new Properties();
		properties.setProperty("user", user);
		if (password != null) {
			properties.setProperty("password", password);
		}
		properties.setProperty("connectTimeout", "5");
		properties.setProperty("socketTimeout", "30");
		return properties;
	}

	private static String queryString(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			assertThat(rows.next()).isTrue();
			return rows.getString(1);
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/** Orders PostgreSQL LSNs ({@code X/Y}, both hex). */
	record Lsn(long value) implements Comparable<Lsn> {

		static Lsn parse(String text) {
			String[] parts = text.split("/");
			return new Lsn((Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16));
		}

		@Override
		public int compareTo(Lsn other) {
			return Long.compareUnsigned(this.value, other.value);
		}

	}

}
