package com.teesql.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Prints the goals the steps of a benchmark run wrote into {@code report.json} (top-level {@code "goals"}), one line
 * each: met or not, measured against target. The last step of the benchmark command, so that one run ends with the
 * verdict on every goal of issue 13; a goal no step measured (a step skipped or failed) is listed as missing.
 * <p>
 * Usage: {@code GoalSummary [report.json]}.
 */
public final class GoalSummary {

	/** The goals of issue 13, by the name the step that measures it gives it. */
	private static final Map<String, String> EXPECTED = Map.of("dcapNewQuoteVsDcapQvlJs", "DcapQvlComparison",
			"dcapFromBytesVsDcapQvlJs", "DcapQvlComparison", "dcapFromBytesVsDcapQvlWeb", "DcapQvlComparison",
			"coldConnection", "ClusterBenchmarks", "warmConnection", "ClusterBenchmarks", "warmConnectionCpu",
			"ClusterBenchmarks", "pooledSelectThroughput", "ClusterBenchmarks", "failover", "ClusterBenchmarks");

	private GoalSummary() {
	}

	public static void main(String[] args) throws Exception {
		Path report = Path.of((args.length > 0) ? args[0] : "benchmarks/target/report.json");
		JsonNode goals = Files.exists(report) ? new ObjectMapper().readTree(report.toFile()).path("goals")
				: new ObjectMapper().createObjectNode();
		System.out.println("Goals (" + report + "):");
		goals.fields().forEachRemaining((entry) -> {
			JsonNode goal = entry.getValue();
			String measured = goal.path("measured").asText();
			System.out.printf("  %-4s %-26s %s: measured %s, target %s%s%n",
					goal.path("met").asBoolean() ? "MET" : "NOT", entry.getKey(), goal.path("goal").asText(), measured,
					goal.path("target").asText(), goal.has("note") ? " (" + goal.path("note").asText() + ")" : "");
		});
		EXPECTED.forEach((name, step) -> {
			if (!goals.has(name)) {
				System.out.printf("  %-4s %-26s not measured: %s did not write it%n", "NOT", name, step);
			}
		});
	}

}
