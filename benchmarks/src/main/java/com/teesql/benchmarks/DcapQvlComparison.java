package com.teesql.benchmarks;

import java.io.File;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.dcap.DcapCollateral;
import com.teesql.jdbc.attestation.dcap.DcapQuoteVerifier;
import com.teesql.jdbc.attestation.dcap.DcapVerifier;
import com.teesql.jdbc.attestation.dcap.VerifiedCollateralCache;

/**
 * Compares the project's DCAP verifier with the two independent implementations published on npm, on the same
 * fixture, quote and "now" (all must report {@code UpToDate}), in one run: {@code @phala/dcap-qvl} (dcap-qvl's
 * JavaScript port) and {@code @phala/dcap-qvl-web} (dcap-qvl's Rust compiled to WebAssembly). Two Java figures, the
 * two of issue 13:
 * <ul>
 * <li><b>new quote on verified collateral</b>: {@code DcapQuoteVerifier.verify(TdxQuote.parse(bytes))} with the
 * collateral already verified ({@link VerifiedCollateralCache}) and served by its source: what a connection to a new
 * server of a known platform pays;</li>
 * <li><b>from bytes</b>: {@code DcapCollateral.fromJson(text)} and the pure reference
 * {@code DcapVerifier.verify(bytes, collateral, now)}: nothing of this project's cached (the JDK's X.509 factory does
 * keep the certificates it parsed, see benchmarks/README.md).</li>
 * </ul>
 * The npm packages cache nothing, so each of their calls (collateral JSON parsed, quote verified) is both figures.
 * Every figure is wall-clock and process CPU time per verification; the goals are judged on CPU time, the steadier
 * figure on a shared machine, and the wall-clock ratios are reported beside them. The npm packages are installed by
 * name into {@code benchmarks/dcap-qvl}; without {@code node}/{@code npm} the step records why it skipped.
 *
 * <p>Usage: {@code DcapQvlComparison [report.json] [iterations]}.
 */
public final class DcapQvlComparison {

	private static final Path MODULE = Path.of("benchmarks", "dcap-qvl");

	/** Issue 13: a new quote on verified collateral at least 20x faster than dcap-qvl JS. */
	private static final double NEW_QUOTE_TARGET = 20;

	/** Issue 13: everything from bytes at least 5x faster than dcap-qvl JS and dcap-qvl-web. */
	private static final double FROM_BYTES_TARGET = 5;

	private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

	/** A one-second warm-up window is settled when the JIT spent at most this share of it compiling. */
	private static final int JIT_SETTLED_PERCENT = 2;

	/** Warm-up ends after this many settled windows in a row (or after 60 s, reported by {@code warmUpMillis}). */
	private static final int SETTLED_WINDOWS = 3;

	private DcapQvlComparison() {
	}

	public static void main(String[] args) throws Exception {
		Path report = Path.of((args.length > 0) ? args[0] : "benchmarks/target/report.json");
		int iterations = (args.length > 1) ? Integer.parseInt(args[1]) : 1000;
		ObjectMapper mapper = new ObjectMapper();
		ObjectNode result = mapper.createObjectNode();
		Path quote = BenchmarkVectors.directory().resolve(BenchmarkVectors.QUOTE);
		Path collateral = BenchmarkVectors.directory().resolve(BenchmarkVectors.COLLATERAL);
		result.put("fixture", BenchmarkVectors.QUOTE + " at now=" + BenchmarkVectors.NOW_EPOCH_SECONDS);
		result.put("loadAverageAtStart", OS.getSystemLoadAverage());
		Figure newQuote = javaNewQuote(iterations * 20);
		Figure fromBytes = javaFromBytes(iterations);
		result.set("javaNewQuoteOnVerifiedCollateral", newQuote.json(mapper));
		result.set("javaFromBytes", fromBytes.json(mapper));
		ObjectNode goals = mapper.createObjectNode();
		try {
			run(List.of("npm", "install", "--no-audit", "--no-fund", "--silent"), MODULE.toFile(), 300);
			String out = run(List.of("node", "bench.mjs", quote.toAbsolutePath().toString(),
					collateral.toAbsolutePath().toString(), Long.toString(BenchmarkVectors.NOW_EPOCH_SECONDS),
					Integer.toString(iterations)), MODULE.toFile(), 600);
			Map<String, Figure> peers = new LinkedHashMap<>();
			for (String line : out.strip().split("\n")) {
				JsonNode node = mapper.readTree(line);
				String name = node.path("implementation").asText();
				if (!BenchmarkVectors.EXPECTED_TCB_STATUS.equals(node.path("status").asText())) {
					throw new IllegalStateException(name + " reported " + node.path("status") + ", expected "
							+ BenchmarkVectors.EXPECTED_TCB_STATUS);
				}
				Figure figure = new Figure(node.path("iterations").asInt(), node.path("nsPerOp").asDouble(),
						node.path("cpuNsPerOp").asDouble());
				peers.put(name, figure);
				result.set(name, figure.json(mapper));
			}
			Figure js = require(peers, "@phala/dcap-qvl");
			Figure web = require(peers, "@phala/dcap-qvl-web");
			goals.set("dcapNewQuoteVsDcapQvlJs", goal(mapper, "new quote on verified collateral vs @phala/dcap-qvl "
					+ "(JS), speed-up", NEW_QUOTE_TARGET, js, newQuote));
			goals.set("dcapFromBytesVsDcapQvlJs",
					goal(mapper, "everything from bytes vs @phala/dcap-qvl (JS), speed-up", FROM_BYTES_TARGET, js,
							fromBytes));
			goals.set("dcapFromBytesVsDcapQvlWeb", goal(mapper,
					"everything from bytes vs @phala/dcap-qvl-web (WebAssembly), speed-up", FROM_BYTES_TARGET, web,
					fromBytes));
		}
		catch (IOException ex) {
			result.put("skipped", "the npm comparison could not run: " + ex.getMessage());
		}
		result.put("loadAverageAtEnd", OS.getSystemLoadAverage());
		result.set("goals", goals);
		ReportFile.put(report, "dcapComparison", result);
		ReportFile.addGoals(report, goals);
		System.out.println(result.toPrettyString());
	}

	private static Figure require(Map<String, Figure> peers, String name) {
		Figure figure = peers.get(name);
		if (figure == null) {
			throw new IllegalStateException("bench.mjs printed no figure for " + name);
		}
		return figure;
	}

	private static ObjectNode goal(ObjectMapper mapper, String what, double target, Figure peer, Figure ours) {
		double cpuRatio = peer.cpuNsPerOp() / ours.cpuNsPerOp();
		// Judged on CPU time, the steadier figure; the wall-clock ratio beside it.
		ObjectNode goal = ReportFile.goal(what + " (CPU time)", ">= " + target, cpuRatio, cpuRatio >= target);
		goal.put("measuredWall", round(peer.nsPerOp() / ours.nsPerOp()));
		return goal;
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	private static Figure javaNewQuote(int iterations) throws Exception {
		byte[] quote = BenchmarkVectors.read(BenchmarkVectors.QUOTE);
		DcapCollateral collateral = DcapCollateral.fromJson(collateralText());
		Clock clock = Clock.fixed(Instant.ofEpochSecond(BenchmarkVectors.NOW_EPOCH_SECONDS), ZoneOffset.UTC);
		VerifiedCollateralCache verified = new VerifiedCollateralCache(DcapVerifier.withIntelRoot());
		DcapQuoteVerifier verifier = new DcapQuoteVerifier(verified, (key) -> collateral, clock);
		Figure figure = measure(iterations, () -> verifier.verify(TdxQuote.parse(quote)).tcbStatus());
		if (verified.collateralVerifications() != 1 || verified.pckValidations() != 1) {
			throw new IllegalStateException("the collateral was verified " + verified.collateralVerifications()
					+ " times and the PCK chain " + verified.pckValidations() + " times, expected once each");
		}
		return figure;
	}

	private static Figure javaFromBytes(int iterations) throws Exception {
		byte[] quote = BenchmarkVectors.read(BenchmarkVectors.QUOTE);
		String collateral = collateralText();
		DcapVerifier verifier = DcapVerifier.withIntelRoot();
		return measure(iterations, () -> verifier
			.verify(quote, DcapCollateral.fromJson(collateral), BenchmarkVectors.NOW_EPOCH_SECONDS)
			.status()
			.intelName());
	}

	private static String collateralText() {
		return new String(BenchmarkVectors.read(BenchmarkVectors.COLLATERAL), StandardCharsets.UTF_8);
	}

	private static Figure measure(int iterations, Verification verification) throws Exception {
		String status = null;
		// Warm up until the JIT has settled, not for a fixed time: the from-bytes path runs a large part of the JDK's
		// X.509 code, which the one C2 thread of a 2-core machine is still compiling tens of seconds in, and process
		// CPU time counts those compilations against the figure (V8 compiles dcap-qvl's smaller code within its 3 s).
		long warmUpStart = System.nanoTime();
		long maximumEnd = warmUpStart + TimeUnit.SECONDS.toNanos(60);
		int settledWindows = 0;
		while (settledWindows < SETTLED_WINDOWS && System.nanoTime() < maximumEnd) {
			long compileBefore = JIT.getTotalCompilationTime();
			long windowStart = System.nanoTime();
			while (System.nanoTime() - windowStart < TimeUnit.SECONDS.toNanos(1)) {
				status = verification.run();
			}
			long windowMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - windowStart);
			long compileMillis = JIT.getTotalCompilationTime() - compileBefore;
			settledWindows = (compileMillis * 100 <= windowMillis * JIT_SETTLED_PERCENT) ? settledWindows + 1 : 0;
		}
		long warmUpMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - warmUpStart);
		long compileStart = JIT.getTotalCompilationTime();
		long cpuStart = OS.getProcessCpuTime();
		long start = System.nanoTime();
		for (int i = 0; i < iterations; i++) {
			status = verification.run();
		}
		double nanos = (System.nanoTime() - start) / (double) iterations;
		double cpuNanos = (OS.getProcessCpuTime() - cpuStart) / (double) iterations;
		long compileMillis = JIT.getTotalCompilationTime() - compileStart;
		if (!BenchmarkVectors.EXPECTED_TCB_STATUS.equals(status)) {
			throw new IllegalStateException("our verifier reported " + status);
		}
		return new Figure(iterations, nanos, cpuNanos, warmUpMillis, compileMillis);
	}

	private interface Verification {

		String run() throws Exception;

	}

	/**
	 * One implementation's figure; for the Java ones also how long the warm-up took and how many milliseconds the
	 * JIT compiled during the measured iterations ({@code -1} for the npm packages, which report neither).
	 */
	private record Figure(int iterations, double nsPerOp, double cpuNsPerOp, long warmUpMillis,
			long jitMillisWhileMeasured) {

		Figure(int iterations, double nsPerOp, double cpuNsPerOp) {
			this(iterations, nsPerOp, cpuNsPerOp, -1, -1);
		}

		ObjectNode json(ObjectMapper mapper) {
			ObjectNode node = mapper.createObjectNode();
			node.put("iterations", this.iterations);
			node.put("usPerOp", round(this.nsPerOp / 1000));
			node.put("cpuUsPerOp", round(this.cpuNsPerOp / 1000));
			if (this.warmUpMillis >= 0) {
				node.put("warmUpMillis", this.warmUpMillis);
				node.put("jitMillisWhileMeasured", this.jitMillisWhileMeasured);
			}
			return node;
		}

	}

	private static String run(List<String> command, File directory, long timeoutSeconds) throws IOException {
		Process process;
		try {
			process = new ProcessBuilder(command).directory(directory).redirectErrorStream(false).start();
		}
		catch (IOException ex) {
			throw new IOException(command.get(0) + " is not available (" + ex.getMessage() + ")", ex);
		}
		try {
			byte[] out = process.getInputStream().readAllBytes();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
				throw new IOException(String.join(" ", command) + " failed: " + err.strip());
			}
			return new String(out, StandardCharsets.UTF_8);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

}
