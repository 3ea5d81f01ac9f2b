package com.teesql.devcluster.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for development and tests, with the TeeSQL cluster roles provisioned. Either an embedded
 * PostgreSQL 17 (zonky) on an ephemeral loopback port, or the existing server named by
 * {@value #EXTERNAL_URL_ENV}.
 * <p>
 * The role passwords are random, held only in memory and handed to the sidecar through {@link #passwordOf(String)};
 * clients never see them, exactly like the KMS-derived passwords in a real cluster.
 *
 * @author TeeSQL contributors
 */
public final class DevPostgres implements AutoCloseable {

	/** Environment variable naming an existing server to use instead of an embedded one. */
	public static final String EXTERNAL_URL_ENV = "TEESQL_DEV_POSTGRES_URL";

	private static final Logger logger = LoggerFactory.getLogger(DevPostgres.class);

	private static final int CONNECT_TIMEOUT_SECONDS = 10;

	private static final SecureRandom random = new SecureRandom();

	/**
	 * Passwords for external servers, shared by every instance in this JVM that targets the same server: each start
	 * re-applies them, and a fresh random set would lock out the sidecars of instances that are still open.
	 */
	private static final Map<String, Map<String, String>> externalPasswords = new ConcurrentHashMap<>();

	private final EmbeddedPostgres embedded;

	private final Path hbaFile;

	private final String host;

	private final int port;

	private final String database;

	private final String adminUser;

	private final String adminPassword;

	private final Map<String, String> rolePasswords;

	private final List<Connection> adminConnections = new ArrayList<>();

	private volatile boolean closed;

	private DevPostgres(EmbeddedPostgres embedded, Path hbaFile, String host, int port, String database,
			String adminUser, String adminPassword, Map<String, String> rolePasswords) {
		this.embedded = embedded;
		this.hbaFile = hbaFile;
		this.host = host;
		this.port = port;
		this.database = database;
		this.adminUser = adminUser;
		this.adminPassword = adminPassword;
		this.rolePasswords = Map.copyOf(rolePasswords);
	}

	/**
	 * Uses the server named by {@value #EXTERNAL_URL_ENV} when that variable is set, otherwise starts an embedded
	 * PostgreSQL; then provisions the cluster roles.
	 * @return the running server
	 * @throws DevPostgresException if the server cannot be started, reached or provisioned
	 */
	public static DevPostgres start() {
		String external = System.getenv(EXTERNAL_URL_ENV);
		return (external != null && !external.isBlank()) ? startExternal(ExternalPostgresUrl.parse(external))
				: startEmbedded();
	}

	/**
	 * Always starts an embedded PostgreSQL, ignoring {@value #EXTERNAL_URL_ENV}. For tests that need a server they
	 * may stop.
	 * @return the running server
	 * @throws DevPostgresException if the server cannot be started or provisioned, or this platform has no embedded
	 * binaries (the message says which artifact to add, or to set {@value #EXTERNAL_URL_ENV})
	 */
	public static DevPostgres startEmbedded() {
		EmbeddedPostgresBinaries.requireAvailable();
		Path hbaFile = null;
		EmbeddedPostgres embedded = null;
		try {
			hbaFile = HostBasedAuthenticationFile.write();
			embedded = EmbeddedPostgres.builder()
				.setServerConfig("listen_addresses", "127.0.0.1")
				.setServerConfig("hba_file", hbaFile.toString())
				.setServerConfig("fsync", "off")
				.setServerConfig("password_encryption", "scram-sha-256")
				.start();
			DevPostgres postgres = new DevPostgres(embedded, hbaFile, "127.0.0.1", embedded.getPort(), "postgres",
					HostBasedAuthenticationFile.ADMIN_USER, null, newPasswords());
			postgres.provision();
			logger.info("Started embedded PostgreSQL on 127.0.0.1:{}", postgres.port);
			return postgres;
		}
		catch (IOException | RuntimeException ex) {
			closeEmbedded(embedded);
			deleteQuietly(hbaFile);
			if (ex instanceof DevPostgresException devPostgresException) {
				throw devPostgresException;
			}
			throw new DevPostgresException("Could not start embedded PostgreSQL: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Wraps an embedded server that a {@link PostgresNode} started on its own data directory; the node owns the
	 * data directory and the {@code pg_hba.conf}, so closing this only stops the server.
	 */
	static DevPostgres ofEmbedded(EmbeddedPostgres embedded, Map<String, String> rolePasswords) {
		return new DevPostgres(embedded, null, "127.0.0.1", embedded.getPort(), "postgres",
				HostBasedAuthenticationFile.ADMIN_USER, null, rolePasswords);
	}

	static DevPostgres startExternal(ExternalPostgresUrl url) {
		Map<String, String> passwords = externalPasswords.computeIfAbsent(url.host() + ":" + url.port(),
				(key) -> newPasswords());
		DevPostgres postgres = new DevPostgres(null, null, url.host(), url.port(), url.database(), url.adminUser(),
				url.adminPassword(), passwords);
		try {
			postgres.provision();
		}
		catch (RuntimeException ex) {
			postgres.close();
			throw ex;
		}
		logger.info("Using external PostgreSQL {}", url);
		return postgres;
	}

	static Map<String, String> newPasswords() {
		Map<String, String> passwords = new LinkedHashMap<>();
		for (String role : ClusterRoles.ALL) {
			byte[] bytes = new byte[32];
			random.nextBytes(bytes);
			passwords.put(role, HexFormat.of().formatHex(bytes));
		}
		return passwords;
	}

	void provision() {
		try (Connection admin = openAdminConnection()) {
			RoleProvisioner.provision(admin, this.database, this.rolePasswords);
		}
		catch (SQLException ex) {
			throw new DevPostgresException("Could not provision roles " + ClusterRoles.ALL + " on " + describe()
					+ ": " + ex.getMessage() + " (SQLSTATE " + ex.getSQLState() + ")", ex);
		}
	}

	/**
	 * Host name or address the server listens on.
	 * @return the host
	 */
	public String host() {
		return this.host;
	}

	/**
	 * TCP port of the server.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Database the roles were granted on.
	 * @return the database name, {@code postgres} for the embedded server
	 */
	public String database() {
		return this.database;
	}

	/**
	 * Whether this instance started (and will stop) an embedded server.
	 * @return {@code true} for embedded, {@code false} for an external server
	 */
	public boolean isEmbedded() {
		return this.embedded != null;
	}

	/**
	 * Opens a plain (pgjdbc) connection as the administrative role. The caller closes it; any still open are closed
	 * by {@link #close()}.
	 * @return a new connection
	 * @throws SQLException if the server cannot be reached
	 */
	public Connection openAdminConnection() throws SQLException {
		assertOpen();
		Properties properties = new Properties();
		properties.setProperty("user", this.adminUser);
		if (this.adminPassword != null) {
			properties.setProperty("password", this.adminPassword);
		}
		properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
		properties.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
		properties.setProperty("ApplicationName", "teesql-dev-postgres");
		Connection connection = DriverManager.getConnection(jdbcUrl(), properties);
		synchronized (this.adminConnections) {
			this.adminConnections.removeIf(DevPostgres::isClosed);
			this.adminConnections.add(connection);
		}
		return connection;
	}

	/**
	 * The JDBC URL of the server without credentials.
	 * @return a {@code jdbc:postgresql://} URL
	 */
	public String jdbcUrl() {
		String hostPart = this.host.contains(":") ? "[" + this.host + "]" : this.host;
		return "jdbc:postgresql://" + hostPart + ":" + this.port + "/" + this.database;
	}

	/**
	 * The real PostgreSQL password of a provisioned cluster role. Internal to the dev cluster: it is what the
	 * sidecar injects on the wire and must never be given to clients.
	 * @param role the role name
	 * @return the password, or empty for roles this instance did not provision
	 */
	public Optional<String> passwordOf(String role) {
		return Optional.ofNullable(this.rolePasswords.get(role));
	}

	/**
	 * Reads the current server state through an administrative connection.
	 * @return the state
	 * @throws DevPostgresException if the server cannot be queried
	 */
	public PostgresState state() {
		String sql = """
				SELECT coalesce(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()
				                     ELSE pg_current_wal_lsn() END, '0/0')::text,
				       (SELECT s::text FROM pg_control_system() s),
				       (SELECT c::text FROM pg_control_checkpoint() c),
				       current_setting('server_version')
				""";
		try (Connection admin = openAdminConnection();
				Statement statement = admin.createStatement();
				ResultSet row = statement.executeQuery(sql)) {
			row.next();
			String controldata = row.getString(2) + "\n" + row.getString(3);
			return new PostgresState(row.getString(1), sha256Hex(controldata), row.getString(4));
		}
		catch (SQLException ex) {
			throw new DevPostgresException("Could not read the state of " + describe() + ": " + ex.getMessage(), ex);
		}
	}

	private static String sha256Hex(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from the JDK", ex);
		}
	}

	/**
	 * Closes every administrative connection still open and stops the embedded server. An external server is left
	 * running.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		synchronized (this.adminConnections) {
			for (Connection connection : this.adminConnections) {
				try {
					connection.close();
				}
				catch (SQLException ex) {
					logger.debug("Ignoring failure to close an admin connection", ex);
				}
			}
			this.adminConnections.clear();
		}
		if (this.embedded != null) {
			closeEmbedded(this.embedded);
			deleteQuietly(this.hbaFile);
			logger.info("Stopped embedded PostgreSQL on 127.0.0.1:{}", this.port);
		}
	}

	private void assertOpen() {
		if (this.closed) {
			throw new IllegalStateException("DevPostgres on " + describe() + " is closed");
		}
	}

	private String describe() {
		return this.host + ":" + this.port + "/" + this.database;
	}

	private static boolean isClosed(Connection connection) {
		try {
			return connection.isClosed();
		}
		catch (SQLException ex) {
			return true;
		}
	}

	private static void closeEmbedded(EmbeddedPostgres embedded) {
		if (embedded == null) {
			return;
		}
		try {
			embedded.close();
		}
		catch (IOException ex) {
			logger.warn("Could not stop embedded PostgreSQL", ex);
		}
	}

	private static void deleteQuietly(Path file) {
		if (file == null) {
			return;
		}
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.debug("Could not delete {}", file, ex);
		}
	}

	@Override
	public String toString() {
		return "DevPostgres[" + describe() + (isEmbedded() ? ", embedded" : ", external") + "]";
	}

}
