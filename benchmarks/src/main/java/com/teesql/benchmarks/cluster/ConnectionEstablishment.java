package com.teesql.benchmarks.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.devcluster.postgres.ClusterRoles;

/**
 * Time to open and close one pgjdbc connection ({@code DriverManager.getConnection} + {@code close}), on three
 * paths: plain pgjdbc with {@code sslmode=require} through the simulator-mode sidecar (the baseline), the attested
 * path with the server already in the connector's verification cache ("warm", what a pool pays), and the attested
 * path verifying every connection with DCAP on cached collateral ("cold", cache TTL zero, what the first connection
 * to a server pays once the JVM is warm). The three are measured in interleaved rounds so that a change in the
 * machine's load hits all of them alike.
 */
final class ConnectionEstablishment {

	/** Target of the issue: the warm attested path costs at most this much more than the baseline. */
	static final double WARM_TARGET_RATIO = 1.3;

	private final ClusterPair clusters;

	private final ProcessCpuClock cpu = new ProcessCpuClock();

	private final int rounds;

	private final int connectionsPerRound;

	private final int coldConnectionsPerRound;

	ConnectionEstablishment(ClusterPair clusters, int rounds, int connectionsPerRound, int coldConnectionsPerRound) {
		this.clusters = clusters;
		this.rounds = rounds;
		this.connectionsPerRound = connectionsPerRound;
		this.coldConnectionsPerRound = coldConnectionsPerRound;
	}

	ObjectNode run() throws SQLException {
		String plainUrl = this.clusters.plainJdbcUrl();
		Properties plainCredentials = this.clusters.plainCredentials();
		ClusterPair.AttestedTarget warm = this.clusters.attestedTarget(Duration.ofHours(1));
		ClusterPair.AttestedTarget cold = this.clusters.attestedTarget(Duration.ZERO);
		ClusterPair.assertConnectsAs(plainUrl, plainCredentials, ClusterRoles.READ_WRITE);
		ClusterPair.assertConnectsAs(warm.jdbcUrl(), warm.credentials(), ClusterRoles.READ_WRITE);
		ClusterPair.assertConnectsAs(cold.jdbcUrl(), cold.credentials(), ClusterRoles.READ_WRITE);

		// One unrecorded round warms up the JIT on all three paths.
		Path plainPath = new Path(plainUrl, plainCredentials);
		Path warmPath = new Path(warm.jdbcUrl(), warm.credentials());
		Path coldPath = new Path(cold.jdbcUrl(), cold.credentials());
		plainPath.measure(this.connectionsPerRound, false);
		warmPath.measure(this.connectionsPerRound, false);
		coldPath.measure(this.coldConnectionsPerRound, false);
		for (int round = 0; round < this.rounds; round++) {
			plainPath.measure(this.connectionsPerRound, true);
			warmPath.measure(this.connectionsPerRound, true);
			coldPath.measure(this.coldConnectionsPerRound, true);
		}

		// The warm path must really have hit the cache, and the cold one really verified every time.
		long warmMisses = warm.connector().verificationCache().misses();
		long coldHits = cold.connector().verificationCache().hits();
		long coldConnections = (long) (this.rounds + 1) * this.coldConnectionsPerRound + 1;
		if (warmMisses != 1 || coldHits != 0 || cold.connector().verificationCount() != coldConnections) {
			throw new IllegalStateException("Caches did not behave as measured: warm misses " + warmMisses
					+ " (expected 1), cold hits " + coldHits + " (expected 0), cold verifications "
					+ cold.connector().verificationCount() + " (expected " + coldConnections + ")");
		}

		ObjectNode result = JsonNodeFactory.instance.objectNode();
		result.put("operation", "DriverManager.getConnection + Connection.close");
		result.put("rounds", this.rounds);
		plainPath.writeTo(result.putObject("plainSslmodeRequire"), plainPath);
		ObjectNode warmNode = warmPath.writeTo(result.putObject("attestedWarm"), plainPath);
		warmNode.put("target", "ratio <= " + WARM_TARGET_RATIO);
		warmNode.put("targetMet", warmPath.samples().median() / plainPath.samples().median() <= WARM_TARGET_RATIO);
		coldPath.writeTo(result.putObject("attestedColdDcapCachedCollateral"), plainPath);
		return result;
	}

	/**
	 * One way of connecting and what it measured.
	 */
	private final class Path {

		private final String url;

		private final Properties credentials;

		private long[] nanos = new long[0];

		private long cpuNanos;

		Path(String url, Properties credentials) {
			this.url = url;
			this.credentials = credentials;
		}

		void measure(int connections, boolean record) throws SQLException {
			long[] batch = new long[connections];
			long cpuStart = ConnectionEstablishment.this.cpu.nanos();
			for (int i = 0; i < connections; i++) {
				long start = System.nanoTime();
				Connection connection = DriverManager.getConnection(this.url, this.credentials);
				connection.close();
				batch[i] = System.nanoTime() - start;
			}
			long cpuUsed = ConnectionEstablishment.this.cpu.nanos() - cpuStart;
			if (record) {
				long[] all = Arrays.copyOf(this.nanos, this.nanos.length + connections);
				System.arraycopy(batch, 0, all, this.nanos.length, connections);
				this.nanos = all;
				this.cpuNanos += cpuUsed;
			}
		}

		Samples samples() {
			return Samples.ofNanos(this.nanos);
		}

		double cpuMicrosPerOperation() {
			return this.cpuNanos / 1_000.0 / this.nanos.length;
		}

		ObjectNode writeTo(ObjectNode node, Path baseline) {
			samples().writeTo(node.putObject("wallMicros"), "us/op");
			node.put("cpuMicrosPerOp", cpuMicrosPerOperation());
			node.put("ratioMedian", samples().median() / baseline.samples().median());
			node.put("ratioMean", samples().mean() / baseline.samples().mean());
			node.put("ratioCpu", cpuMicrosPerOperation() / baseline.cpuMicrosPerOperation());
			return node;
		}

	}

}
