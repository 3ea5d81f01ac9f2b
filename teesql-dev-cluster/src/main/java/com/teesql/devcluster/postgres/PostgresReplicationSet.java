package com.teesql.devcluster.postgres;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several embedded PostgreSQL 17 servers joined by physical streaming replication: node 0 is the primary, every
 * other node a hot standby. The embedded binaries have no {@code pg_basebackup}, so the standbys start from a cold
 * copy of the freshly initialised, provisioned and cleanly stopped primary; they therefore share its roles and
 * passwords. Each node has its own data directory under one temporary directory that {@link #close()} removes.
 *
 * @author TeeSQL contributors
 */
public final class PostgresReplicationSet implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PostgresReplicationSet.class);

	/** Most nodes a set may have: each one is a full PostgreSQL server. */
	public static final int MAX_NODES = 9;

	private static final Duration STREAMING_WAIT = Duration.ofSeconds(60);

	private final Path baseDirectory;

	private final Path hbaFile;

	private final List<PostgresNode> nodes;

	private volatile boolean closed;

	private PostgresReplicationSet(Path baseDirectory, Path hbaFile, List<PostgresNode> nodes) {
		this.baseDirectory = baseDirectory;
		this.hbaFile = hbaFile;
		this.nodes = List.copyOf(nodes);
	}

	/**
	 * Starts a primary and {@code size - 1} standbys and waits until every standby streams from the primary.
	 * @param size number of nodes, 1 to {@value #MAX_NODES}
	 * @return the running set
	 * @throws IllegalArgumentException if the size is out of range
	 * @throws DevPostgresException if a server cannot be started or a standby does not attach
	 */
	public static PostgresReplicationSet start(int size) {
		if (size < 1 || size > MAX_NODES) {
			throw new IllegalArgumentException("A replication set has 1 to " + MAX_NODES + " nodes, not " + size);
		}
		EmbeddedPostgresBinaries.requireAvailableForReplication();
		Path baseDirectory = null;
		Path hbaFile = null;
		List<PostgresNode> nodes = new ArrayList<>();
		try {
			baseDirectory = Files.createTempDirectory("teesql-dev-replication-");
			hbaFile = HostBasedAuthenticationFile.write();
			Map<String, String> passwords = DevPostgres.newPasswords();
			for (int i = 0; i < size; i++) {
				nodes.add(new PostgresNode(i, baseDirectory.resolve("node-" + i), hbaFile, passwords));
			}
			PostgresReplicationSet set = new PostgresReplicationSet(baseDirectory, hbaFile, nodes);
			set.initialise();
			return set;
		}
		catch (IOException | RuntimeException ex) {
			stopAll(nodes);
			deleteQuietly(hbaFile, baseDirectory);
			if (ex instanceof DevPostgresException devPostgresException) {
				throw devPostgresException;
			}
			throw new DevPostgresException("Could not start a replication set of " + size + " nodes: "
					+ ex.getMessage(), ex);
		}
	}

	private void initialise() throws IOException {
		PostgresNode primary = this.nodes.get(0);
		DataDirectoryCopy.createPrivateDirectory(primary.dataDirectory());
		primary.start();
		primary.server().provision();
		if (this.nodes.size() == 1) {
			return;
		}
		// A clean stop leaves a consistent directory: the copies need no WAL from before their start.
		primary.stop();
		for (PostgresNode standby : standbysOf(primary)) {
			DataDirectoryCopy.copy(primary.dataDirectory(), standby.dataDirectory());
		}
		primary.start();
		for (PostgresNode standby : standbysOf(primary)) {
			StandbyConfiguration.write(standby.dataDirectory(), primary.server().host(), primary.server().port(),
					standby.name());
			standby.start();
		}
		for (PostgresNode standby : standbysOf(primary)) {
			standby.awaitStreamingFrom(primary, STREAMING_WAIT);
		}
		logger.info("Replication set running: primary {} with standbys {}", primary, standbysOf(primary));
	}

	private List<PostgresNode> standbysOf(PostgresNode primary) {
		return this.nodes.stream().filter((node) -> node != primary).toList();
	}

	/**
	 * Every node, in index order.
	 * @return the nodes
	 */
	public List<PostgresNode> nodes() {
		return this.nodes;
	}

	/**
	 * One node.
	 * @param index its index
	 * @return the node
	 */
	public PostgresNode node(int index) {
		return this.nodes.get(index);
	}

	/**
	 * Stops every server that still runs (standbys first, so no primary waits for a standby that is going away)
	 * and deletes the data directories.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		RuntimeException failure = stopAll(this.nodes);
		deleteQuietly(this.hbaFile, this.baseDirectory);
		if (failure != null) {
			throw failure;
		}
	}

	private static RuntimeException stopAll(List<PostgresNode> nodes) {
		List<PostgresNode> order = new ArrayList<>(nodes.stream().filter(PostgresReplicationSet::isStandby).toList());
		nodes.stream().filter((node) -> !order.contains(node)).forEach(order::add);
		RuntimeException failure = null;
		for (PostgresNode node : order) {
			try {
				node.stop();
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		return failure;
	}

	private static boolean isStandby(PostgresNode node) {
		try {
			return node.isRunning() && node.isInRecovery();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static void deleteQuietly(Path hbaFile, Path baseDirectory) {
		try {
			if (hbaFile != null) {
				Files.deleteIfExists(hbaFile);
			}
			if (baseDirectory != null && Files.exists(baseDirectory)) {
				deleteRecursively(baseDirectory);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not delete {}: {}", baseDirectory, ex.getMessage());
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		Files.walkFileTree(directory, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				Files.delete(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
				if (failure != null) {
					throw failure;
				}
				Files.delete(dir);
				return FileVisitResult.CONTINUE;
			}

		});
	}

	@Override
	public String toString() {
		return "PostgresReplicationSet" + this.nodes;
	}

}
