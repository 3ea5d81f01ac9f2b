package com.teesql.jdbc.tls;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds a whole negotiation (SSLRequest and TLS handshake) in total: socket read timeouts only bound each single
 * read, so a peer trickling bytes could otherwise stretch the handshake indefinitely. At the deadline the socket is
 * closed, which unblocks the handshaking thread.
 */
final class HandshakeDeadline implements AutoCloseable {

	private static final ScheduledExecutorService scheduler = createScheduler();

	private final long deadlineNanos;

	private static final int RUNNING = 0;

	private static final int FINISHED = 1;

	private static final int EXPIRED = 2;

	// Whichever of the handshake thread and the watchdog moves the state first wins, so a finished handshake can
	// never have its socket closed afterwards.
	private final AtomicInteger state = new AtomicInteger(RUNNING);

	private final ScheduledFuture<?> task;

	private HandshakeDeadline(Socket socket, long timeoutMillis) {
		this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		this.task = scheduler.schedule(() -> {
			if (!this.state.compareAndSet(RUNNING, EXPIRED)) {
				return;
			}
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Closing is the whole point; a failure to close leaves nothing else to do.
			}
		}, timeoutMillis, TimeUnit.MILLISECONDS);
	}

	static HandshakeDeadline start(Socket socket, long timeoutMillis) {
		return new HandshakeDeadline(socket, timeoutMillis);
	}

	/**
	 * Milliseconds left, at least 1 so that it can be used as a socket timeout (0 would mean infinite).
	 * @return the remaining time
	 */
	int remainingMillis() {
		long remaining = TimeUnit.NANOSECONDS.toMillis(this.deadlineNanos - System.nanoTime());
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining));
	}

	boolean expired() {
		return this.state.get() == EXPIRED;
	}

	/**
	 * Stop the watchdog.
	 * @return {@code true} if the deadline had already expired (the socket is closed)
	 */
	boolean finish() {
		this.task.cancel(false);
		return !this.state.compareAndSet(RUNNING, FINISHED) && this.state.get() == EXPIRED;
	}

	@Override
	public void close() {
		finish();
	}

	private static ScheduledExecutorService createScheduler() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "teesql-handshake-deadline");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		return Executors.unconfigurableScheduledExecutorService(executor);
	}

}
