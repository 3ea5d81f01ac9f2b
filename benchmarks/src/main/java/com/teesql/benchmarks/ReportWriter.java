package com.teesql.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns JMH's JSON result file into {@code report.json}: each benchmark's absolute score and its ratio to the ECDSA
 * P-256 baseline measured in the same run. Ratios are the figures to compare across machines; absolute times are
 * kept for reference. The ratio range divides the ends of the two 99.9% confidence intervals, so it is wide when
 * either measurement was noisy. When the run used {@link ProcessCpuTimeProfiler}, the same figures are given for CPU
 * time per operation ({@code cpu*} fields), which other load on the machine does not inflate.
 * <p>
 * Usage: {@code ReportWriter [jmh-result.json [report.json]]}, defaults {@value #DEFAULT_INPUT} and
 * {@value #DEFAULT_OUTPUT}.
 */
public final class ReportWriter {

	static final String DEFAULT_INPUT = "benchmarks/target/jmh-result.json";

	static final String DEFAULT_OUTPUT = "benchmarks/target/report.json";

	private static final Map<String, String> DESCRIPTIONS = Map.of(AttestationCostBenchmark.BASELINE,
			"one ECDSA P-256 verification (SHA256withECDSAinP1363Format) of the quote signature",
			AttestationCostBenchmark.COLD,
			"DCAP from bytes: parse collateral JSON, DcapVerifier.withIntelRoot(), verify tdx_quote_v4.bin",
			AttestationCostBenchmark.WARM_COLLATERAL,
			"DcapQuoteVerifier.verify with collateral cached by CachingCollateralSource",
			AttestationCostBenchmark.CACHED_VERIFICATION,
			"RaTlsPeerVerifier.verify of a leaf already in the VerificationCache");

	private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	public static void main(String[] args) throws IOException {
		if (args.length > 2) {
			System.err.println("Usage: ReportWriter [jmh-result.json [report.json]]");
			System.exit(2);
		}
		Path input = Path.of((args.length > 0) ? args[0] : DEFAULT_INPUT);
		Path output = Path.of((args.length > 1) ? args[1] : DEFAULT_OUTPUT);
		ObjectNode report = new ReportWriter().write(input, output);
		System.out.println(summary(report));
		System.out.println("Report written to " + output.toAbsolutePath());
	}

	/**
	 * Read JMH results and write the report.
	 * @param jmhResult JMH's JSON output ({@code -rf json})
	 * @param report the report file to write
	 * @return the report
	 * @throws IOException if a file cannot be read or written
	 * @throws IllegalArgumentException naming the file if it holds no baseline, or scores in different units
	 */
	public ObjectNode write(Path jmhResult, Path report) throws IOException {
		ObjectNode document = build(this.mapper.readTree(jmhResult.toFile()), jmhResult.toString());
		Path parent = report.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		this.mapper.writeValue(report.toFile(), document);
		return document;
	}

	ObjectNode build(JsonNode results, String source) {
		if (!results.isArray() || results.isEmpty()) {
			throw new IllegalArgumentException(source + " holds no JMH results (expected a non-empty JSON array)");
		}
		JsonNode baseline = find(results, AttestationCostBenchmark.BASELINE, source);
		Score base = Score.of(baseline);
		ObjectNode document = this.mapper.createObjectNode();
		document.put("source", source);
		document.set("machine", machine(baseline));
		document.set("settings", settings(baseline));
		ObjectNode baselineNode = document.putObject("baseline");
		baselineNode.put("benchmark", methodName(baseline));
		baselineNode.put("score", base.score());
		baselineNode.put("unit", base.unit());
		Score baseCpu = Score.cpuOf(baseline);
		if (baseCpu != null) {
			baselineNode.put("cpuScore", baseCpu.score());
		}
		ArrayNode rows = document.putArray("results");
		for (JsonNode result : results) {
			ObjectNode row = rows.addObject();
			row.put("benchmark", methodName(result));
			row.put("description", DESCRIPTIONS.getOrDefault(methodName(result), ""));
			putScore(row, "", Score.of(result), base, source, result);
			Score cpu = Score.cpuOf(result);
			if (cpu != null && baseCpu != null) {
				putScore(row, "cpu", cpu, baseCpu, source, result);
			}
		}
		return document;
	}

	private static void putScore(ObjectNode row, String prefix, Score score, Score base, String source,
			JsonNode result) {
		if (!score.unit().equals(base.unit())) {
			throw new IllegalArgumentException(source + ": " + methodName(result) + " is in " + score.unit()
					+ " but the baseline is in " + base.unit() + "; run every benchmark in the same mode");
		}
		row.put(name(prefix, "score"), score.score());
		if (Double.isNaN(score.error())) {
			// JMH has no error estimate for a single measurement iteration.
			row.putNull(name(prefix, "scoreError"));
		}
		else {
			row.put(name(prefix, "scoreError"), score.error());
		}
		row.put(name(prefix, "unit"), score.unit());
		row.put(name(prefix, "ratio"), score.score() / base.score());
		row.put(name(prefix, "ratioLow"), score.low() / base.high());
		if (base.low() > 0) {
			row.put(name(prefix, "ratioHigh"), score.high() / base.low());
		}
		else {
			// The baseline's interval reaches zero: the run was too noisy to bound the ratio from above.
			row.putNull(name(prefix, "ratioHigh"));
		}
	}

	private static String name(String prefix, String field) {
		return prefix.isEmpty() ? field : prefix + Character.toUpperCase(field.charAt(0)) + field.substring(1);
	}

	private static JsonNode find(JsonNode results, String method, String source) {
		List<String> found = new ArrayList<>();
		for (JsonNode result : results) {
			String name = methodName(result);
			if (method.equals(name)) {
				return result;
			}
			found.add(name);
		}
		throw new IllegalArgumentException(
				source + " has no result for the baseline benchmark '" + method + "' (found " + found + ")");
	}

	private ObjectNode machine(JsonNode result) {
		ObjectNode machine = this.mapper.createObjectNode();
		// Read where the report is written, which is where the benchmarks ran when the documented command is used.
		machine.put("availableProcessors", Runtime.getRuntime().availableProcessors());
		machine.put("osName", System.getProperty("os.name"));
		machine.put("osArch", System.getProperty("os.arch"));
		// On a shared machine other work competes with the run; the ratios are only as good as this is low.
		machine.put("loadAverageAtReport", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		machine.put("jdkVersion", result.path("jdkVersion").asText());
		machine.put("vmName", result.path("vmName").asText());
		machine.put("vmVersion", result.path("vmVersion").asText());
		return machine;
	}

	private ObjectNode settings(JsonNode result) {
		ObjectNode settings = this.mapper.createObjectNode();
		settings.put("jmhVersion", result.path("jmhVersion").asText());
		settings.put("mode", result.path("mode").asText());
		settings.put("threads", result.path("threads").asInt());
		settings.put("forks", result.path("forks").asInt());
		settings.put("warmupIterations", result.path("warmupIterations").asInt());
		settings.put("warmupTime", result.path("warmupTime").asText());
		settings.put("measurementIterations", result.path("measurementIterations").asInt());
		settings.put("measurementTime", result.path("measurementTime").asText());
		return settings;
	}

	private static String methodName(JsonNode result) {
		String benchmark = result.path("benchmark").asText();
		return benchmark.substring(benchmark.lastIndexOf('.') + 1);
	}

	static String summary(JsonNode report) {
		StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-22s %16s %10s  %-24s %10s  %s%n",
				"benchmark", "wall", "ratio", "ratio range (99.9% CIs)", "cpu ratio", "cpu ratio range"));
		for (JsonNode row : report.path("results")) {
			text.append(String.format(Locale.ROOT, "%-22s %10.3f %-5s %10.4g  %-24s %10s  %s%n",
					row.path("benchmark").asText(), row.path("score").asDouble(), row.path("unit").asText(),
					row.path("ratio").asDouble(), range(row, "ratioLow", "ratioHigh"), number(row.path("cpuRatio")),
					range(row, "cpuRatioLow", "cpuRatioHigh")));
		}
		return text.toString().stripTrailing();
	}

	private static String range(JsonNode row, String low, String high) {
		if (!row.has(low)) {
			return "-";
		}
		JsonNode upper = row.path(high);
		return number(row.path(low)) + " .. " + (upper.isNumber() ? number(upper) : "unbounded");
	}

	private static String number(JsonNode value) {
		return value.isNumber() ? String.format(Locale.ROOT, "%.4g", value.asDouble()) : "-";
	}

	private record Score(double score, double error, double low, double high, String unit) {

		static Score of(JsonNode result) {
			return of(result.path("primaryMetric"), result.path("benchmark").asText());
		}

		/**
		 * The {@link ProcessCpuTimeProfiler} figure of a result, or {@code null} if the run had no such profiler.
		 */
		static Score cpuOf(JsonNode result) {
			for (Map.Entry<String, JsonNode> metric : result.path("secondaryMetrics").properties()) {
				if (metric.getKey().endsWith(ProcessCpuTimeProfiler.LABEL)) {
					return of(metric.getValue(), result.path("benchmark").asText() + " " + metric.getKey());
				}
			}
			return null;
		}

		private static Score of(JsonNode metric, String name) {
			JsonNode confidence = metric.path("scoreConfidence");
			double score = metric.path("score").asDouble(Double.NaN);
			if (Double.isNaN(score) || score <= 0) {
				throw new IllegalArgumentException(name + " has no positive score");
			}
			double error = metric.path("scoreError").asDouble(Double.NaN);
			double low = confidence.path(0).asDouble(Double.NaN);
			double high = confidence.path(1).asDouble(Double.NaN);
			// With a single measurement JMH reports no interval; the ratio range then collapses to the ratio.
			if (Double.isNaN(low) || Double.isNaN(high)) {
				low = score;
				high = score;
			}
			// A time cannot be negative, however wide the interval of a noisy run.
			low = Math.max(low, 0);
			return new Score(score, error, low, high, metric.path("scoreUnit").asText());
		}

	}

}
