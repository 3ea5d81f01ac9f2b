package com.teesql.devcluster.sidecar;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named {@code <prefix>-<n>}, so a stuck sidecar thread is easy to spot in a thread dump and can
 * never keep the JVM alive.
 */
final class NamedDaemonThreadFactory implements ThreadFactory {

	private final String prefix;

	private final AtomicInteger counter = new AtomicInteger();

	NamedDaemonThreadFactory(String prefix) {
		this.prefix = prefix;
	}

	@Override
	public Thread newThread(Runnable task) {
		Thread thread = new Thread(task, this.prefix + "-" + this.counter.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	}

}
