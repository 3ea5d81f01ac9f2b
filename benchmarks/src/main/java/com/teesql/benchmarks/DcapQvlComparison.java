package com.teesql.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.attestation.dcap.DcapCollateral;
import com.teesql.jdbc.attestation.dcap.DcapVerifier;

/**
 * Compares the project's DCAP verifier with an independent implementation, the npm package {@code @phala/dcap-qvl},
 * on the same fixture, quote and "now": both must report {@code UpToDate}; the figure is the ratio of their
 * per-verification times (Java / JavaScript), each measured after warming up, in the same run. Needs {@code node}
 * and {@code npm} (it installs the package into {@code benchmarks/dcap-qvl}); without them it records why it skipped.
 *
 * <p>Usage: {@code DcapQvlComparison [report.json] [iterations]}.
 */
public final class DcapQvlComparison {

	private static final Path MODULE = Path.of("benchmarks", "dcap-qvl");

	private DcapQvlComparison() {
	}

	public static void main(String[] args) throws Exception {
		Path report = Path.of((args.length > 0) ? args[0] : "benchmarks/target/report.json");
		int iterations = (args.length > 1) ? Integer.parseInt(args[1]) : 200;
		ObjectNode result = new ObjectMapper().createObjectNode();
		Path quote = BenchmarkVectors.directory().resolve("tdx_quote_v4.bin");
		Path collateral = BenchmarkVectors.directory().resolve("tdx_quote_v4_collateral.json");
		result.put("fixture", "tdx_quote_v4.bin at now=" + BenchmarkVectors.NOW_EPOCH_SECONDS);
		result.put("iterations", iterations);
		double javaNs = javaNanosPerVerification(iterations);
		result.put("javaNsPerOp", javaNs);
		try {
			run(List.of("npm", "install", "--no-audit", "--no-fund", "--silent"), MODULE.toFile(), 300);
			JsonNode node = new ObjectMapper().readTree(run(List.of("node", "bench.js", quote.toAbsolutePath().toString(),
					collateral.toAbsolutePath().toString(), Long.toString(BenchmarkVectors.NOW_EPOCH_SECONDS),
					Integer.toString(iterations)), MODULE.toFile(), 300));
			if (!BenchmarkVectors.EXPECTED_TCB_STATUS.equals(node.path("status").asText())) {
				throw new IllegalStateException("@phala/dcap-qvl reported " + node.path("status") + ", expected "
						+ BenchmarkVectors.EXPECTED_TCB_STATUS);
			}
			double nodeNs = node.path("nsPerOp").asDouble();
			result.put("dcapQvlJsNsPerOp", nodeNs);
			result.put("ratioJavaToDcapQvlJs", javaNs / nodeNs);
		}
		catch (IOException ex) {
			result.put("skipped", "the JavaScript comparison could not run: " + ex.getMessage());
		}
		ReportFile.put(report, "dcapComparison", result);
		System.out.println(result.toPrettyString());
	}

	private static double javaNanosPerVerification(int iterations) throws Exception {
		byte[] quote = BenchmarkVectors.read("tdx_quote_v4.bin");
		DcapCollateral collateral = DcapCollateral
			.fromJson(new String(BenchmarkVectors.read("tdx_quote_v4_collateral.json"), StandardCharsets.UTF_8));
		DcapVerifier verifier = DcapVerifier.withIntelRoot();
		String status = null;
		for (int i = 0; i < Math.max(20, iterations / 5); i++) {
			status = verifier.verify(quote, collateral, BenchmarkVectors.NOW_EPOCH_SECONDS).status().intelName();
		}
		long start = System.nanoTime();
		for (int i = 0; i < iterations; i++) {
			status = verifier.verify(quote, collateral, BenchmarkVectors.NOW_EPOCH_SECONDS).status().intelName();
		}
		double nanos = (System.nanoTime() - start) / (double) iterations;
		if (!BenchmarkVectors.EXPECTED_TCB_STATUS.equals(status)) {
			throw new IllegalStateException("our verifier reported " + status);
		}
		return nanos;
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
