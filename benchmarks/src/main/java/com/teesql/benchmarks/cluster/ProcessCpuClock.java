package com.teesql.benchmarks.cluster;

import java.lang.management.ManagementFactory;

/**
 * CPU time consumed by this JVM (all threads: the client, the in-process sidecar, the DNS server and the JIT). The
 * PostgreSQL servers are separate processes and are not counted. On a machine shared with other builds CPU time
 * per operation is steadier than wall-clock time, which also counts the waits for a core.
 */
final class ProcessCpuClock {

	private final com.sun.management.OperatingSystemMXBean os;

	ProcessCpuClock() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean
				&& bean.getProcessCpuTime() >= 0) {
			this.os = bean;
		}
		else {
			throw new IllegalStateException("This JVM does not report process CPU time");
		}
	}

	long nanos() {
		return this.os.getProcessCpuTime();
	}

}
