package com.teesql.benchmarks.cluster;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One way of doing an operation (for example opening and closing a connection) timed one call at a time: wall-clock
 * samples per call, the process CPU time of each batch and, for an operation the calling thread does itself (a
 * blocking JDBC connect), that thread's CPU time: the client's own cost, without the in-process dev sidecar's share
 * of the process CPU (in production the sidecar is another machine). Each is compared with a baseline measured in
 * the same run.
 */
final class TimedOperation {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private final Operation operation;

	private final ProcessCpuClock cpu;

	private long[] nanos = new long[0];

	private long cpuNanos;

	private final boolean onCallingThread;

	private long callingThreadCpuNanos;

	/**
	 * An operation whose work is spread over other threads (a reactive driver's event loop): process CPU only.
	 */
	TimedOperation(Operation operation, ProcessCpuClock cpu) {
		this(operation, cpu, false);
	}

	/**
	 * @param onCallingThread whether the calling thread does the client's whole work, so that its CPU time is the
	 * client's cost
	 */
	TimedOperation(Operation operation, ProcessCpuClock cpu, boolean onCallingThread) {
		this.operation = operation;
		this.cpu = cpu;
		this.onCallingThread = onCallingThread;
	}

	/**
	 * Run the operation a number of times in a row.
	 * @param count how many calls
	 * @param record whether to keep the figures (not during a warm-up round)
	 */
	void measure(int count, boolean record) throws Exception {
		long[] batch = new long[count];
		long cpuStart = this.cpu.nanos();
		long threadCpuStart = THREADS.getCurrentThreadCpuTime();
		for (int i = 0; i < count; i++) {
			long start = System.nanoTime();
			this.operation.run();
			batch[i] = System.nanoTime() - start;
		}
		long cpuUsed = this.cpu.nanos() - cpuStart;
		long threadCpuUsed = THREADS.getCurrentThreadCpuTime() - threadCpuStart;
		if (record) {
			this.callingThreadCpuNanos += threadCpuUsed;
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

	double clientCpuMicrosPerOperation() {
		return this.callingThreadCpuNanos / 1_000.0 / this.nanos.length;
	}

	ObjectNode writeTo(ObjectNode node, TimedOperation baseline) {
		samples().writeTo(node.putObject("wallMicros"), "us/op");
		node.put("cpuMicrosPerOp", cpuMicrosPerOperation());
		node.put("ratioMedian", samples().median() / baseline.samples().median());
		node.put("ratioMean", samples().mean() / baseline.samples().mean());
		node.put("ratioCpu", cpuMicrosPerOperation() / baseline.cpuMicrosPerOperation());
		if (this.onCallingThread && baseline.onCallingThread) {
			node.put("clientCpuMicrosPerOp", clientCpuMicrosPerOperation());
			node.put("ratioClientCpu", clientCpuMicrosPerOperation() / baseline.clientCpuMicrosPerOperation());
		}
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
