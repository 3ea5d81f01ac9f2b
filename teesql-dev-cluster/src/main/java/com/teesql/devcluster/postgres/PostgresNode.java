package com.teesql.devcluster.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL server of a {@link PostgresReplicationSet}: an embedded PostgreSQL 17 that runs on a data
 * directory of its own, either as the primary or as a hot standby streaming from another node. It can be promoted,
 * re-pointed to a new primary and stopped; a stopped node keeps its data directory until the set is closed.
 *
 * @author TeeSQL contributors
 */
public final class PostgresNode {

	private static final Logger logger = LoggerFactory.getLogger(PostgresNode.class);

	/** Generous: two cores shared with parallel builds make a cold start take seconds. */
	private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

	private static final Duration STOP_WAIT = Duration.ofSeconds(30);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	private static final int PROMOTE_WAIT_SECONDS = 60;

	private final int index;

	private final Path dataDirectory;

	private final Path hbaFile;

	private final Map<String, String> rolePasswords;

	private volatile DevPostgres server;

	private volatile ProcessHandle postmaster;

	PostgresNode(int index, Path dataDirectory, Path hbaFile, Map<String, String> rolePasswords) {
		this.index = index;
		this.dataDirectory = dataDirectory;
		this.hbaFile = hbaFile;
		this.rolePasswords = Map.copyOf(rolePasswords);
	}

	/**
	 * Position of this node in its set; node 0 starts as the primary.
	 * @return the index
	 */
	public int index() {
		return this.index;
	}

	/**
	 * The name the node streams under ({@code application_name} in {@code pg_stat_replication}).
	 * @return {@code node-<index>}
	 */
	public String name() {
		return "node-" + this.index;
	}

	/**
	 * The node's data directory.
	 * @return the directory
	 */
	public Path dataDirectory() {
		return this.dataDirectory;
	}

	/**
	 * Starts the server on the data directory, running {@code initdb} first if the directory is empty. A directory
	 * with {@code standby.signal} starts as a hot standby; the call returns once it accepts connections.
	 */
	synchronized void start() {
		if (this.server != null) {
			throw new IllegalStateException("PostgreSQL " + name() + " is already running");
		}
		EmbeddedPostgres embedded = null;
		try {
			embedded = ReplicationServerSettings.apply(EmbeddedPostgres.builder(), this.hbaFile)
				.setDataDirectory(this.dataDirectory)
				// Keeps the data directory across stops and skips initdb when it already holds a cluster.
				.setCleanDataDirectory(false)
				.setPGStartupWait(STARTUP_WAIT)
				.start();
			this.postmaster = readPostmaster();
			this.server = DevPostgres.ofEmbedded(embedded, this.rolePasswords);
			logger.info("Started PostgreSQL {} on 127.0.0.1:{} (pid {})", name(), embedded.getPort(),
					this.postmaster.pid());
		}
		catch (IOException | RuntimeException ex) {
			if (embedded != null) {
				closeQuietly(embedded);
			}
			throw new DevPostgresException("Could not start PostgreSQL " + name() + " on " + this.dataDirectory
					+ ": " + ex.getMessage(), ex);
		}
	}

	private ProcessHandle readPostmaster() throws IOException {
		// The first line of postmaster.pid is the postmaster's PID; unshare -U creates no PID namespace.
		String firstLine = Files.readAllLines(this.dataDirectory.resolve("postmaster.pid"), StandardCharsets.US_ASCII)
			.get(0)
			.trim();
		long pid;
		try {
			pid = Long.parseLong(firstLine);
		}
		catch (NumberFormatException ex) {
			throw new DevPostgresException("postmaster.pid of " + name() + " starts with '" + firstLine
					+ "', not a process id", ex);
		}
		return ProcessHandle.of(pid)
			.orElseThrow(() -> new DevPostgresException("The postmaster of " + name() + " (pid " + pid
					+ ") exited right after starting"));
	}

	/**
	 * Whether the server is running.
	 * @return {@code true} between a start and {@link #stop()}
	 */
	public boolean isRunning() {
		return this.server != null;
	}

	/**
	 * The running server.
	 * @return the server, with the cluster roles of the whole set
	 * @throws IllegalStateException if the node is stopped
	 */
	public DevPostgres server() {
		DevPostgres running = this.server;
		if (running == null) {
			throw new IllegalStateException("PostgreSQL " + name() + " is stopped");
		}
		return running;
	}

	/**
	 * The postmaster process of the current or, once stopped, of the last run.
	 * @return the process, empty if the node never started
	 */
	public Optional<ProcessHandle> postmaster() {
		return Optional.ofNullable(this.postmaster);
	}

	/**
	 * Whether the server is a standby.
	 * @return {@code pg_is_in_recovery()}
	 */
	public boolean isInRecovery() {
		return query("SELECT pg_is_in_recovery()", (rows) -> rows.next() && rows.getBoolean(1));
	}

	/**
	 * How far this node's WAL goes, in bytes from {@code 0/0}: what a standby has received or replayed, whichever is
	 * further, or the current insert position of a primary. Compares standbys when choosing one to promote.
	 * @return the position
	 */
	public long walPosition() {
		return query("""
				SELECT pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery()
				                            THEN greatest(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())
				                            ELSE pg_current_wal_lsn() END, '0/0')::bigint
				""", (rows) -> {
			rows.next();
			return rows.getLong(1);
		});
	}

	/**
	 * Standbys currently streaming from this node.
	 * @return their names ({@code application_name}), sorted
	 */
	public List<String> streamingStandbys() {
		return query("SELECT application_name FROM pg_stat_replication WHERE state = 'streaming' ORDER BY 1",
				(rows) -> {
					List<String> names = new ArrayList<>();
					while (rows.next()) {
						names.add(rows.getString(1));
					}
					return names;
				});
	}

	/**
	 * The port of the server this standby is streaming from.
	 * @return the port, empty if the node is not streaming right now
	 */
	public OptionalInt upstreamPort() {
		return query("SELECT sender_port FROM pg_stat_wal_receiver WHERE status = 'streaming'",
				(rows) -> rows.next() ? OptionalInt.of(rows.getInt(1)) : OptionalInt.empty());
	}

	/**
	 * Promotes this standby to a primary and waits until it accepts writes. Everything it has received is replayed
	 * first.
	 * @throws DevPostgresException if the node is not a standby or promotion does not finish within a minute
	 */
	public void promote() {
		boolean promoted;
		try {
			promoted = query("SELECT pg_promote(true, " + PROMOTE_WAIT_SECONDS + ")",
					(rows) -> rows.next() && rows.getBoolean(1));
		}
		catch (DevPostgresException ex) {
			throw new DevPostgresException("Could not promote " + name() + ": " + ex.getMessage(), ex);
		}
		if (!promoted) {
			throw new DevPostgresException("PostgreSQL " + name() + " did not finish promotion within "
					+ PROMOTE_WAIT_SECONDS + " s");
		}
		logger.info("Promoted PostgreSQL {} to primary", name());
	}

	/**
	 * Re-points this standby to another primary. {@code recovery_target_timeline = 'latest'} makes it follow the
	 * timeline the new primary started at promotion.
	 * @param primary the node to stream from
	 * @throws DevPostgresException if this node is not a running standby
	 */
	public void follow(PostgresNode primary) {
		if (!isInRecovery()) {
			throw new DevPostgresException("PostgreSQL " + name() + " is a primary; only a standby can follow "
					+ primary.name());
		}
		String conninfo = StandbyConfiguration.conninfo(primary.server().host(), primary.server().port(), name());
		try (Connection admin = server().openAdminConnection(); Statement statement = admin.createStatement()) {
			// Reloadable since PostgreSQL 13: the WAL receiver restarts with the new upstream, no server restart.
			statement.execute("ALTER SYSTEM SET primary_conninfo = " + StandbyConfiguration.quoteLiteral(conninfo));
			statement.execute("SELECT pg_reload_conf()");
		}
		catch (SQLException ex) {
			throw new DevPostgresException("Could not re-point " + name() + " to " + primary.name() + ": "
					+ ex.getMessage() + " (SQLSTATE " + ex.getSQLState() + ")", ex);
		}
		logger.info("PostgreSQL {} now follows {} on port {}", name(), primary.name(), primary.server().port());
	}

	/**
	 * Turns this stopped former primary into a hot standby of the given primary and waits until it streams from it.
	 * The node must have been stopped cleanly at the point the new primary's timeline forked off (the way
	 * {@code DevClusterGroup} fails over): its data directory then holds nothing the new primary lacks, and
	 * {@code recovery_target_timeline = 'latest'} lets it switch to the new timeline without {@code pg_rewind}
	 * (which the embedded binaries do not have anyway).
	 * @param primary the running primary to stream from
	 * @param timeout how long to wait for streaming
	 * @throws DevPostgresException if the node is running, or cannot be configured, started or does not stream
	 * within the timeout (it is stopped again then)
	 */
	public synchronized void rejoin(PostgresNode primary, Duration timeout) {
		if (isRunning()) {
			throw new DevPostgresException("PostgreSQL " + name() + " is running; only a stopped former primary can "
					+ "rejoin as a standby of " + primary.name());
		}
		DevPostgres upstream = primary.server();
		try {
			StandbyConfiguration.write(this.dataDirectory, upstream.host(), upstream.port(), name());
		}
		catch (IOException ex) {
			throw new DevPostgresException("Could not write the standby configuration of " + name() + " in "
					+ this.dataDirectory + ": " + ex.getMessage(), ex);
		}
		start();
		try {
			awaitStreamingFrom(primary, timeout);
		}
		catch (DevPostgresException ex) {
			// Most likely its WAL went past the new timeline's fork point (an unclean stop): it would never
			// stream, and serving stale reads as a standby would be worse than staying down.
			stop();
			throw new DevPostgresException("PostgreSQL " + name() + " could not rejoin as a standby of "
					+ primary.name() + " and was stopped again; its WAL has probably diverged from the new "
					+ "timeline (look for 'forked off' in its log): " + ex.getMessage(), ex);
		}
		logger.info("PostgreSQL {} rejoined as a standby of {} on port {}", name(), primary.name(),
				upstream.port());
	}

	/**
	 * Waits until this standby streams from the given primary.
	 * @param primary the expected upstream
	 * @param timeout how long to wait
	 * @throws DevPostgresException if it does not within the timeout
	 */
	public void awaitStreamingFrom(PostgresNode primary, Duration timeout) {
		int port = primary.server().port();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (upstreamPort().orElse(-1) != port) {
			if (System.nanoTime() - deadline > 0) {
				throw new DevPostgresException("PostgreSQL " + name() + " did not start streaming from "
						+ primary.name() + " (port " + port + ") within " + timeout.toMillis() + " ms");
			}
			sleep(POLL_INTERVAL);
		}
	}

	/**
	 * Stops the server with a fast shutdown and waits for its postmaster to exit. A primary first sends all its WAL,
	 * including the shutdown checkpoint, to the standbys still connected.
	 * @throws DevPostgresException if the postmaster does not exit even when killed
	 */
	public synchronized void stop() {
		DevPostgres running = this.server;
		if (running == null) {
			return;
		}
		this.server = null;
		running.close();
		ProcessHandle process = this.postmaster;
		if (process != null && !awaitExit(process, STOP_WAIT)) {
			logger.warn("PostgreSQL {} (pid {}) did not stop within {} s; killing it", name(), process.pid(),
					STOP_WAIT.toSeconds());
			process.destroyForcibly();
			if (!awaitExit(process, Duration.ofSeconds(5))) {
				throw new DevPostgresException("PostgreSQL " + name() + " (pid " + process.pid() + ") survived SIGKILL");
			}
		}
		logger.info("Stopped PostgreSQL {}", name());
	}

	private static boolean awaitExit(ProcessHandle process, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (process.isAlive()) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			sleep(POLL_INTERVAL);
		}
		return true;
	}

	private <T> T query(String sql, RowsReader<T> reader) {
		try (Connection admin = server().openAdminConnection();
				Statement statement = admin.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			return reader.read(rows);
		}
		catch (SQLException ex) {
			throw new DevPostgresException("Query on PostgreSQL " + name() + " failed: " + ex.getMessage()
					+ " (SQLSTATE " + ex.getSQLState() + ")", ex);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DevPostgresException("Interrupted while waiting for PostgreSQL", ex);
		}
	}

	private static void closeQuietly(EmbeddedPostgres embedded) {
		try {
			embedded.close();
		}
		catch (IOException ex) {
			logger.debug("Ignoring failure to stop a PostgreSQL that did not start", ex);
		}
	}

	@Override
	public String toString() {
		DevPostgres running = this.server;
		return "PostgresNode[" + name() + ", " + ((running != null) ? "127.0.0.1:" + running.port() : "stopped")
				+ "]";
	}

	@FunctionalInterface
	private interface RowsReader<T> {

		T read(ResultSet rows) throws SQLException;

	}

}
