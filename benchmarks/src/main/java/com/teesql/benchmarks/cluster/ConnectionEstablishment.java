package com.teesql.benchmarks.cluster;

import java.sql.DriverManager;
import java.time.Duration;
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

	ObjectNode run() throws Exception {
		String plainUrl = this.clusters.plainJdbcUrl();
		Properties plainCredentials = this.clusters.plainCredentials();
		ClusterPair.AttestedTarget warm = this.clusters.attestedTarget(Duration.ofHours(1));
		ClusterPair.AttestedTarget cold = this.clusters.attestedTarget(Duration.ZERO);
		ClusterPair.assertConnectsAs(plainUrl, plainCredentials, ClusterRoles.READ_WRITE);
		ClusterPair.assertConnectsAs(warm.jdbcUrl(), warm.credentials(), ClusterRoles.READ_WRITE);
		ClusterPair.assertConnectsAs(cold.jdbcUrl(), cold.credentials(), ClusterRoles.READ_WRITE);

		// One unrecorded round warms up the JIT on all three paths.
		TimedOperation plainPath = path(plainUrl, plainCredentials);
		TimedOperation warmPath = path(warm.jdbcUrl(), warm.credentials());
		TimedOperation coldPath = path(cold.jdbcUrl(), cold.credentials());
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

	private TimedOperation path(String url, Properties credentials) {
		return new TimedOperation(() -> DriverManager.getConnection(url, credentials).close(), this.cpu);
	}

}
