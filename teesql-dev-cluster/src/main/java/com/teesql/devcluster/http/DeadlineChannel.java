package com.teesql.devcluster.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Reads and writes a connected {@link SocketChannel} (TCP or Unix domain) against one deadline for the whole
 * exchange. Unix-domain channels have no socket adaptor with {@code SO_TIMEOUT}, so the channel is switched to
 * non-blocking mode and every wait goes through a selector with the remaining time; a slow client therefore cannot
 * hold a worker longer than the deadline.
 */
final class DeadlineChannel implements Closeable {

	private final SocketChannel channel;

	private final Selector selector;

	private final long deadlineNanos;

	private final long timeoutMillis;

	DeadlineChannel(SocketChannel channel, long timeoutMillis) throws IOException {
		this.channel = channel;
		this.timeoutMillis = timeoutMillis;
		this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
		channel.configureBlocking(false);
		this.selector = Selector.open();
	}

	/**
	 * Reads at least one byte, or returns -1 at end of stream.
	 */
	int read(ByteBuffer buffer) throws IOException {
		while (true) {
			int count = this.channel.read(buffer);
			if (count != 0) {
				return count;
			}
			await(SelectionKey.OP_READ);
		}
	}

	void writeFully(ByteBuffer buffer) throws IOException {
		while (buffer.hasRemaining()) {
			if (this.channel.write(buffer) == 0) {
				await(SelectionKey.OP_WRITE);
			}
		}
	}

	void shutdownOutput() throws IOException {
		this.channel.shutdownOutput();
	}

	private void await(int operation) throws IOException {
		long remainingMillis = (this.deadlineNanos - System.nanoTime()) / 1_000_000L;
		if (remainingMillis <= 0) {
			throw new SocketTimeoutException("connection exceeded its " + this.timeoutMillis + " ms deadline");
		}
		SelectionKey key = this.channel.register(this.selector, operation);
		try {
			this.selector.select(remainingMillis);
			if (Thread.currentThread().isInterrupted()) {
				throw new InterruptedIOException("server is shutting down");
			}
		}
		finally {
			// The key is cancelled when the server closes the channel during shutdown; the next I/O call reports it.
			if (key.isValid()) {
				key.interestOps(0);
			}
			this.selector.selectedKeys().clear();
		}
	}

	@Override
	public void close() throws IOException {
		try {
			this.selector.close();
		}
		finally {
			this.channel.close();
		}
	}

}
