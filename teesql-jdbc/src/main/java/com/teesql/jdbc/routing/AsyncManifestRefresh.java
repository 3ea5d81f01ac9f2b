package com.teesql.jdbc.routing;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.ManifestException;
import com.teesql.jdbc.manifest.ManifestWatcher;

/**
 * Re-resolves the manifest in the background when a leader is found unreachable, one burst at a time. A fenced
 * leader becomes unreachable before its successor is published (the cluster fences the old leader first, then
 * promotes and publishes), so a burst re-checks at a short interval until the manifest names another leader or the
 * burst's bound is reached, instead of waiting for the next scheduled refresh (30 s by default). One burst runs at a
 * time: requests during a burst are absorbed by it. (The routing DataSource also re-resolves synchronously before its
 * single retry.)
 *
 * @author teesql-spring-boot
 */
public final class AsyncManifestRefresh implements AutoCloseable {

	/**
	 * Spacing of the re-checks of a burst. A new leader is seen on average half of it after it is published, and the
	 * failover goal (first write within a second of the publication) leaves room for little more than that; ten
	 * lookups a second for a few seconds after a leader failure is a light load for the manifest's DNS servers.
	 */
	static final Duration INTERVAL = Duration.ofMillis(100);

	/**
	 * How long a burst keeps re-checking without seeing a new leader. Longer than a dev cluster's fencing and promotion
	 * (about two seconds), so that a publication following a failure is caught by the burst the failure started; a
	 * leader still unreachable afterwards starts another burst at its next failed connection attempt.
	 */
	static final Duration BOUND = Duration.ofSeconds(5);

	private final ManifestWatcher watcher;

	private final AtomicBoolean inFlight = new AtomicBoolean();

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "teesql-manifest-refresh");
		thread.setDaemon(true);
		return thread;
	});

	public AsyncManifestRefresh(ManifestWatcher watcher) {
		this.watcher = watcher;
	}

	/**
	 * Ask for a refresh burst; ignored while one is running.
	 */
	public void request() {
		if (this.inFlight.compareAndSet(false, true)) {
			LeaderManifest unreachable = this.watcher.lastGood();
			schedule(unreachable, System.nanoTime() + BOUND.toNanos(), 0);
		}
	}

	/**
	 * Whether a burst is running (for monitoring and tests).
	 * @return {@code true} from a {@link #request()} until the burst saw a new leader or reached its bound
	 */
	public boolean isResolving() {
		return this.inFlight.get();
	}

	private void schedule(LeaderManifest unreachable, long deadlineNanos, long delayMillis) {
		try {
			this.executor.schedule(() -> attempt(unreachable, deadlineNanos), delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			this.inFlight.set(false);
		}
	}

	private void attempt(LeaderManifest unreachable, long deadlineNanos) {
		boolean changed = false;
		try {
			changed = this.watcher.refreshNow().leaderDiffersFrom(unreachable);
		}
		catch (ManifestException | RuntimeException ex) {
			// The watcher keeps the last good manifest and records the failure; the burst goes on.
		}
		if (changed || System.nanoTime() - deadlineNanos >= 0) {
			this.inFlight.set(false);
		}
		else {
			schedule(unreachable, deadlineNanos, INTERVAL.toMillis());
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
