package com.teesql.jdbc.tls;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs client-certificate refreshes later. The default is one daemon thread shared by every connector of the JVM
 * (a refresh is one bounded guest-agent call), so connectors that are never closed leave no thread behind.
 */
@FunctionalInterface
interface RefreshScheduler {

	/** Name of the shared thread. */
	String THREAD_NAME = "teesql-client-certificate-refresh";

	/**
	 * Run a task after a delay.
	 * @param task the task
	 * @param delay the delay, zero or positive
	 * @return a handle to cancel the task
	 */
	Future<?> schedule(Runnable task, Duration delay);

	/**
	 * The shared scheduler.
	 * @return the scheduler
	 */
	static RefreshScheduler shared() {
		return Shared.INSTANCE;
	}

	/**
	 * Holder of the lazily started shared executor.
	 */
	final class Shared implements RefreshScheduler {

		static final Shared INSTANCE = new Shared();

		private final ScheduledThreadPoolExecutor executor;

		private Shared() {
			this.executor = new ScheduledThreadPoolExecutor(1, (task) -> {
				Thread thread = new Thread(task, THREAD_NAME);
				thread.setDaemon(true);
				return thread;
			});
			this.executor.setRemoveOnCancelPolicy(true);
		}

		@Override
		public Future<?> schedule(Runnable task, Duration delay) {
			return this.executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
		}

	}

}
