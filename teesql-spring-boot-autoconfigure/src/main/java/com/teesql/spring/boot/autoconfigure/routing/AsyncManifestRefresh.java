package com.teesql.spring.boot.autoconfigure.routing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.teesql.jdbc.manifest.ManifestException;
import com.teesql.jdbc.manifest.ManifestWatcher;

/**
 * Re-resolves the manifest in the background when a leader is found unreachable, at most one refresh at a time, so
 * that background pool fills notice a leader change sooner. (The routing DataSource also re-resolves synchronously
 * before its single retry.)
 *
 * @author teesql-spring-boot
 */
public final class AsyncManifestRefresh implements AutoCloseable {

	private final ManifestWatcher watcher;

	private final AtomicBoolean inFlight = new AtomicBoolean();

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "teesql-manifest-refresh");
		thread.setDaemon(true);
		return thread;
	});

	public AsyncManifestRefresh(ManifestWatcher watcher) {
		this.watcher = watcher;
	}

	/**
	 * Ask for a refresh; ignored while one is running.
	 */
	public void request() {
		if (this.inFlight.compareAndSet(false, true)) {
			try {
				this.executor.execute(() -> {
					try {
						this.watcher.refreshNow();
					}
					catch (ManifestException ex) {
						// The watcher keeps the last good manifest and records the failure.
					}
					finally {
						this.inFlight.set(false);
					}
				});
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				this.inFlight.set(false);
			}
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
