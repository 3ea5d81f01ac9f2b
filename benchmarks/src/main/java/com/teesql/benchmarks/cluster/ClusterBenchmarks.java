package com.teesql.benchmarks.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.benchmarks.ReportFile;
import com.teesql.jdbc.manifest.ManifestWatcher;

/**
 * Runs the end-to-end benchmarks on real dev clusters (real TLS, sidecars, PostgreSQL, DNS) and adds them to
 * {@code report.json} under {@code "cluster"}, keeping what {@code ReportWriter} wrote there for the JMH
 * attestation benchmarks: connection establishment and pooled query throughput as ratios against plain pgjdbc with
 * {@code sslmode=require} through the same sidecar without RA-TLS, and the failover timing of the routing
 * DataSource. A harness rather than JMH: each measurement needs clusters that take seconds to start, and the paths
 * compared are interleaved in one process so that they share the machine's load.
 * <p>
 * Usage: {@code ClusterBenchmarks [report.json]}, default {@code benchmarks/target/report.json}.
 */
public final class ClusterBenchmarks {

	private ClusterBenchmarks() {
	}

	public static void main(String[] args) throws Exception {
		Path report = Path.of((args.length > 0) ? args[0] : "benchmarks/target/report.json");
		ProcessCpuClock cpu = new ProcessCpuClock();
		long cpuStart = cpu.nanos();
		long wallStart = System.nanoTime();
		ObjectNode cluster = new ObjectMapper().createObjectNode();
		cluster.put("startedAt", Instant.now().toString());
		cluster.set("machine", machine());
		try (ClusterPair clusters = ClusterPair.start()) {
			log("connection establishment");
			cluster.set("connectionEstablishment", new ConnectionEstablishment(clusters, 5, 40, 10).run());
			log("pooled query throughput");
			cluster.set("pooledQueryThroughput",
					new PooledQueryThroughput(clusters, 2, 7, Duration.ofSeconds(3)).run());
			log("concurrent first connections (single flight)");
			cluster.set("singleFlight", new ConcurrentFirstConnections(clusters, 16).run());
			log("r2dbc");
			cluster.set("r2dbc", new R2dbcComparison(clusters, 5, 40, 2, Duration.ofSeconds(3)).run());
		}
		log("failover");
		// With the default manifest refresh interval, as the goal says: the failover must not wait for the schedule.
		cluster.set("failover", new FailoverTiming(3, ManifestWatcher.DEFAULT_INTERVAL).run());
		cluster.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		cluster.put("wallSeconds", (System.nanoTime() - wallStart) / 1e9);
		cluster.put("processCpuSeconds", (cpu.nanos() - cpuStart) / 1e9);
		write(report, cluster);
		ReportFile.addGoals(report, goals(cluster));
		System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(cluster));
		System.out.println("Added \"cluster\" to " + report.toAbsolutePath());
		// Pools and clusters are closed; do not wait for any straggling daemon thread.
		System.exit(0);
	}

	private static ObjectNode machine() {
		ObjectNode machine = new ObjectMapper().createObjectNode();
		machine.put("availableProcessors", Runtime.getRuntime().availableProcessors());
		machine.put("osName", System.getProperty("os.name"));
		machine.put("osArch", System.getProperty("os.arch"));
		machine.put("javaVersion", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
		machine.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		return machine;
	}

	/** Every section's {@code "goals"}, gathered for the report's top level. */
	private static ObjectNode goals(ObjectNode cluster) {
		ObjectNode goals = new ObjectMapper().createObjectNode();
		cluster.forEach((section) -> {
			if (section.get("goals") instanceof ObjectNode sectionGoals) {
				goals.setAll(sectionGoals);
			}
		});
		return goals;
	}

	private static void write(Path report, ObjectNode cluster) throws IOException {
		ReportFile.put(report, "cluster", cluster);
	}

	private static void log(String section) {
		System.out.println(Instant.now() + " running " + section);
	}

}
