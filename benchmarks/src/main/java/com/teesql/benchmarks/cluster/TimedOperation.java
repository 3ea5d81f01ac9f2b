package com.teesql.benchmarks.cluster;

import java.util.Arrays;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One way of doing an operation (for example opening and closing a connection) timed one call at a time: wall-clock
 * samples per call and the process CPU time of each batch, and how they compare with a baseline measured in the same
 * run.
 */
final class TimedOperation {

	private final Operation operation;

	private final ProcessCpuClock cpu;

	private long[] nanos = new long[0];

	private long cpuNanos;

	TimedOperation(Operation operation, ProcessCpuClock cpu) {
		this.operation = operation;
		this.cpu = cpu;
	}

	/**
	 * Run the operation a number of times in a row.
	 * @param count how many calls
	 * @param record whether to keep the figures (not during a warm-up round)
	 */
	void measure(int count, boolean record) throws Exception {
		long[] batch = new long[count];
		long cpuStart = this.cpu.nanos();
		for (int i = 0; i < count; i++) {
			long start = System.nanoTime();
			this.operation.run();
			batch[i] = System.nanoTime() - start;
		}
		long cpuUsed = this.cpu.nanos() - cpuStart;
		if (record) {
			long[] all = Arrays.copyOf(this.nanos, this.nanos.length + count);
			System.arraycopy(batch, 0, all, this.nanos.length, count);
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

	ObjectNode writeTo(ObjectNode node, TimedOperation baseline) {
		samples().writeTo(node.putObject("wallMicros"), "us/op");
		node.put("cpuMicrosPerOp", cpuMicrosPerOperation());
		node.put("ratioMedian", samples().median() / baseline.samples().median());
		node.put("ratioMean", samples().mean() / baseline.samples().mean());
		node.put("ratioCpu", cpuMicrosPerOperation() / baseline.cpuMicrosPerOperation());
		return node;
	}

	/**
	 * The timed call.
	 */
	@FunctionalInterface
	interface Operation {

		void run() throws Exception;

	}

}
