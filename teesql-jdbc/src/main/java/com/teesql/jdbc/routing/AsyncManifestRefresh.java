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
 * leader becomes unreachable before its successor is published, so a burst re-checks a few times at a short
 * interval until the manifest names another leader, instead of waiting for the next scheduled refresh. (The routing
 * DataSource also re-resolves synchronously before its single retry.)
 *
 * @author teesql-spring-boot
 */
public final class AsyncManifestRefresh implements AutoCloseable {

	/** Re-checks per burst, and their spacing: about two seconds in all. */
	static final int ATTEMPTS = 8;

	static final Duration INTERVAL = Duration.ofMillis(250);

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
			schedule(unreachable, 0, 0);
		}
	}

	private void schedule(LeaderManifest unreachable, int attempt, long delayMillis) {
		try {
			this.executor.schedule(() -> attempt(unreachable, attempt), delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			this.inFlight.set(false);
		}
	}

	private void attempt(LeaderManifest unreachable, int attempt) {
		boolean changed = false;
		try {
			changed = this.watcher.refreshNow().leaderDiffersFrom(unreachable);
		}
		catch (ManifestException ex) {
			// The watcher keeps the last good manifest and records the failure.
		}
		if (changed || attempt + 1 >= ATTEMPTS) {
			this.inFlight.set(false);
		}
		else {
			schedule(unreachable, attempt + 1, INTERVAL.toMillis());
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
