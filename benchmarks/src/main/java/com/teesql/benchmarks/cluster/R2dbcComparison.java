package com.teesql.benchmarks.cluster;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.r2dbc.AttestedConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The R2DBC path against plain r2dbc-postgresql over TLS, in the same run and interleaved round by round: connection
 * establishment ({@code create} + {@code close}) and pooled queries (r2dbc-pool on both sides). Baseline: stock
 * r2dbc-postgresql with {@code sslMode=require} (SSLRequest, certificate not validated) to the simulator-mode
 * sidecar, as the JDBC baseline; attested: {@link AttestedConnectionFactory} over a connector with a warm
 * verification cache to the RA-TLS cluster.
 */
final class R2dbcComparison {

	private static final Duration BLOCK = Duration.ofSeconds(30);

	private static final String SELECT = "SELECT 1";

	private final ClusterPair clusters;

	private final ProcessCpuClock cpu = new ProcessCpuClock();

	private final int rounds;

	private final int connectionsPerRound;

	private final int concurrency;

	private final Duration interval;

	R2dbcComparison(ClusterPair clusters, int rounds, int connectionsPerRound, int concurrency, Duration interval) {
		this.clusters = clusters;
		this.rounds = rounds;
		this.connectionsPerRound = connectionsPerRound;
		this.concurrency = concurrency;
		this.interval = interval;
	}

	/**
	 * Runs this section alone and prints it (the full harness, {@link ClusterBenchmarks}, runs it too).
	 * @param args none
	 */
	public static void main(String[] args) throws Exception {
		try (ClusterPair clusters = ClusterPair.start()) {
			ObjectNode result = new R2dbcComparison(clusters, 5, 40, 2, Duration.ofSeconds(3)).run();
			System.out.println(new com.fasterxml.jackson.databind.ObjectMapper()
				.enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
				.writeValueAsString(result));
		}
		System.exit(0);
	}

	ObjectNode run() throws Exception {
		DevCluster plainCluster = this.clusters.plainCluster();
		ConnectionFactory plain = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
			.host(plainCluster.host())
			.port(plainCluster.sidecarPort())
			.database(plainCluster.database())
			.username(ClusterRoles.READ_WRITE)
			.password(plainCluster.readWriteSecret())
			.sslMode(SSLMode.REQUIRE)
			.connectTimeout(Duration.ofSeconds(10))
			.build());
		ClusterPair.AttestedTarget warm = this.clusters.attestedTarget(Duration.ofHours(1));
		TeeSqlDsn dsn = this.clusters.attestedDsn();
		ConnectionFactory attested = AttestedConnectionFactory.builder(warm.connector())
			.username(dsn.role())
			.password(dsn.secret().orElseThrow())
			.database(dsn.database())
			.build();
		assertConnectsAs(plain, ClusterRoles.READ_WRITE);
		assertConnectsAs(attested, ClusterRoles.READ_WRITE);

		ObjectNode result = JsonNodeFactory.instance.objectNode();
		result.put("driver", "r2dbc-postgresql " + driverVersion());
		result.set("connectionEstablishment", connections(plain, attested));
		if (warm.connector().verificationCache().misses() != 1) {
			throw new IllegalStateException("The warm R2DBC path verified " + warm.connector().verificationCache().misses()
					+ " times instead of once");
		}
		result.set("pooledSelect", pooled(plain, attested));
		return result;
	}

	private ObjectNode connections(ConnectionFactory plain, ConnectionFactory attested) throws Exception {
		TimedOperation plainPath = path(plain);
		TimedOperation attestedPath = path(attested);
		plainPath.measure(this.connectionsPerRound, false);
		attestedPath.measure(this.connectionsPerRound, false);
		for (int round = 0; round < this.rounds; round++) {
			plainPath.measure(this.connectionsPerRound, true);
			attestedPath.measure(this.connectionsPerRound, true);
		}
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("operation", "ConnectionFactory.create + Connection.close");
		node.put("rounds", this.rounds);
		plainPath.writeTo(node.putObject("plainR2dbcSslRequire"), plainPath);
		attestedPath.writeTo(node.putObject("attestedWarm"), plainPath);
		return node;
	}

	private TimedOperation path(ConnectionFactory factory) {
		return new TimedOperation(
				() -> Mono.from(factory.create()).flatMap((connection) -> Mono.from(connection.close())).block(BLOCK),
				this.cpu);
	}

	private ObjectNode pooled(ConnectionFactory plain, ConnectionFactory attested) {
		ConnectionPool plainPool = pool(plain);
		ConnectionPool attestedPool = pool(attested);
		try {
			// Warm-up: fills both pools and the JIT.
			throughput(plainPool, this.interval.dividedBy(2));
			throughput(attestedPool, this.interval.dividedBy(2));
			double[] plainRates = new double[this.rounds];
			double[] attestedRates = new double[this.rounds];
			long plainCpu = 0;
			long attestedCpu = 0;
			long plainOps = 0;
			long attestedOps = 0;
			for (int round = 0; round < this.rounds; round++) {
				Throughput p = throughput(plainPool, this.interval);
				Throughput a = throughput(attestedPool, this.interval);
				plainRates[round] = p.opsPerSecond();
				attestedRates[round] = a.opsPerSecond();
				plainCpu += p.cpuNanos();
				attestedCpu += a.cpuNanos();
				plainOps += p.operations();
				attestedOps += a.operations();
			}
			ObjectNode node = JsonNodeFactory.instance.objectNode();
			node.put("statement", SELECT);
			node.put("poolSize", this.concurrency);
			node.put("concurrency", this.concurrency);
			node.put("rounds", this.rounds);
			node.put("intervalSeconds", this.interval.toMillis() / 1000.0);
			double plainMean = Arrays.stream(plainRates).average().orElseThrow();
			double attestedMean = Arrays.stream(attestedRates).average().orElseThrow();
			node.put("plainOpsPerSecond", plainMean);
			node.put("attestedOpsPerSecond", attestedMean);
			node.put("ratio", attestedMean / plainMean);
			double minRatio = Double.MAX_VALUE;
			double maxRatio = 0;
			for (int round = 0; round < this.rounds; round++) {
				double ratio = attestedRates[round] / plainRates[round];
				minRatio = Math.min(minRatio, ratio);
				maxRatio = Math.max(maxRatio, ratio);
			}
			node.put("ratioMin", minRatio);
			node.put("ratioMax", maxRatio);
			// Operations per CPU second, attested over plain (higher is better, as the throughput ratio).
			node.put("ratioCpu", ((double) attestedOps / attestedCpu) / ((double) plainOps / plainCpu));
			return node;
		}
		finally {
			plainPool.dispose();
			attestedPool.dispose();
		}
	}

	private ConnectionPool pool(ConnectionFactory factory) {
		return new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
			.initialSize(this.concurrency)
			.maxSize(this.concurrency)
			.build());
	}

	private Throughput throughput(ConnectionPool pool, Duration duration) {
		AtomicLong operations = new AtomicLong();
		long cpuStart = this.cpu.nanos();
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		Mono<Void> one = Mono.usingWhen(pool.create(), R2dbcComparison::selectOne, Connection::close)
			.doOnSuccess((ignored) -> operations.incrementAndGet())
			.then();
		Flux.range(0, this.concurrency)
			.flatMap((worker) -> one.repeat(() -> System.nanoTime() < end).then(), this.concurrency)
			.then()
			.block(duration.plus(BLOCK));
		long elapsed = System.nanoTime() - start;
		return new Throughput(operations.get(), operations.get() / (elapsed / 1e9), this.cpu.nanos() - cpuStart);
	}

	private static Mono<Integer> selectOne(Connection connection) {
		return Mono.from(connection.createStatement(SELECT).execute())
			.flatMap((result) -> Mono.from(result.map((row, metadata) -> row.get(0, Integer.class))));
	}

	// The benchmark jar is shaded: the driver's own Maven metadata says which version ran.
	private static String driverVersion() {
		try (java.io.InputStream in = R2dbcComparison.class
			.getResourceAsStream("/META-INF/maven/org.postgresql/r2dbc-postgresql/pom.properties")) {
			if (in == null) {
				return "(version unknown)";
			}
			java.util.Properties properties = new java.util.Properties();
			properties.load(in);
			return properties.getProperty("version", "(version unknown)");
		}
		catch (java.io.IOException ex) {
			return "(version unknown)";
		}
	}

	private static void assertConnectsAs(ConnectionFactory factory, String expectedUser) {
		String user = Mono.usingWhen(Mono.from(factory.create()),
				(connection) -> Mono.from(connection.createStatement("SELECT current_user").execute())
					.flatMap((result) -> Mono.from(result.map((row, metadata) -> row.get(0, String.class)))),
				Connection::close)
			.block(BLOCK);
		if (!expectedUser.equals(user)) {
			throw new IllegalStateException("Connected through " + factory + " as " + user + ", not " + expectedUser);
		}
	}

	private record Throughput(long operations, double opsPerSecond, long cpuNanos) {
	}

}
