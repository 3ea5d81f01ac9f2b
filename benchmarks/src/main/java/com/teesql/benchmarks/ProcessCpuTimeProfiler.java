package com.teesql.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports the CPU time the benchmark JVM consumed per operation ({@value #LABEL}, microseconds), next to JMH's wall
 * clock score. On a machine shared with other work the wall clock also counts the time the benchmark thread waited
 * for a core, and that wait differs from one benchmark to the next; CPU time does not, so ratios of CPU times stay
 * meaningful there. It counts every thread of the process, so JIT compilation and GC still in progress are charged
 * to the benchmark. Enable with {@code -prof com.teesql.benchmarks.ProcessCpuTimeProfiler}.
 */
public class ProcessCpuTimeProfiler implements InternalProfiler {

	/** The secondary metric's label (JMH shows it prefixed with a middle dot). */
	static final String LABEL = "cpu.time";

	private final com.sun.management.OperatingSystemMXBean os = processBean();

	private long startNanos;

	@Override
	public String getDescription() {
		return "Process CPU time per operation";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.startNanos = this.os.getProcessCpuTime();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
			IterationParams iterationParams, IterationResult result) {
		long cpuNanos = this.os.getProcessCpuTime() - this.startNanos;
		long operations = result.getMetadata().getAllOps();
		if (operations <= 0 || cpuNanos < 0) {
			return List.of();
		}
		return List.of(new ScalarResult(LABEL, cpuNanos / 1_000.0 / operations, "us/op", AggregationPolicy.AVG));
	}

	private static com.sun.management.OperatingSystemMXBean processBean() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean
				&& bean.getProcessCpuTime() >= 0) {
			return bean;
		}
		throw new IllegalStateException("This JVM does not report process CPU time; run without "
				+ ProcessCpuTimeProfiler.class.getName());
	}

}
