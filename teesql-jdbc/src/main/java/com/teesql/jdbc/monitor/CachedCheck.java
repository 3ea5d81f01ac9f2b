package com.teesql.jdbc.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs a remote check at most once at a time, on its own daemon thread, and reuses its result for a short while.
 * Callers wait at most {@code maxWait}: health and info polling can neither pile up checks nor hang, and a check
 * still running after {@code maxWait} completes in the background for the next caller.
 *
 * @param <T> the result type
 * @author teesql-spring-boot
 */
final class CachedCheck<T> implements AutoCloseable {

	private final Callable<T> check;

	private final Function<Exception, T> onFailure;

	private final Function<Duration, T> onTimeout;

	private final Duration reuseFor;

	private final Duration maxWait;

	private final Clock clock;

	private final ExecutorService executor;

	private T cached;

	private Instant cachedAt;

	private CompletableFuture<T> running;

	/**
	 * Create a check.
	 * @param name thread name
	 * @param check the check
	 * @param onFailure turns an exception of the check into a result
	 * @param onTimeout the result for a caller that waited {@code maxWait} in vain
	 * @param reuseFor how long a result is reused
	 * @param maxWait how long a caller waits
	 * @param clock the time source
	 */
	CachedCheck(String name, Callable<T> check, Function<Exception, T> onFailure, Function<Duration, T> onTimeout,
			Duration reuseFor, Duration maxWait, Clock clock) {
		this.check = check;
		this.onFailure = onFailure;
		this.onTimeout = onTimeout;
		this.reuseFor = reuseFor;
		this.maxWait = maxWait;
		this.clock = clock;
		this.executor = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * The cached result, or the result of a check started (or joined) now.
	 * @return the result
	 */
	T get() {
		CompletableFuture<T> future;
		synchronized (this) {
			if (this.cached != null && this.clock.instant().isBefore(this.cachedAt.plus(this.reuseFor))) {
				return this.cached;
			}
			if (this.running == null) {
				CompletableFuture<T> started = new CompletableFuture<>();
				try {
					this.executor.execute(() -> run(started));
				}
				catch (RejectedExecutionException ex) {
					return this.onFailure.apply(new IllegalStateException("the check has been shut down", ex));
				}
				this.running = started;
			}
			future = this.running;
		}
		try {
			return future.get(this.maxWait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return this.onTimeout.apply(this.maxWait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.onTimeout.apply(this.maxWait);
		}
		catch (ExecutionException ex) {
			return this.onFailure.apply((ex.getCause() instanceof Exception cause) ? cause : ex);
		}
	}

	private void run(CompletableFuture<T> future) {
		T result = null;
		try {
			result = this.check.call();
		}
		catch (Exception ex) {
			result = this.onFailure.apply(ex);
		}
		finally {
			synchronized (this) {
				if (result != null) {
					this.cached = result;
					this.cachedAt = this.clock.instant();
				}
				this.running = null;
			}
			if (result != null) {
				future.complete(result);
			}
			else {
				future.completeExceptionally(new IllegalStateException("the check ended without a result"));
			}
		}
	}

	/**
	 * Forget the cached result, so that the next {@link #get()} checks again.
	 */
	synchronized void invalidate() {
		this.cached = null;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
