package com.teesql.jdbc.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body into a byte array but gives up as soon as it exceeds a limit, so that a misbehaving
 * remote service (collateral service, Intel Trust Authority, guest agent) cannot make the client buffer an unbounded
 * body. Used with {@code HttpClient.sendAsync} by every HTTP client of this library.
 */
public final class BoundedBodyHandler implements BodyHandler<byte[]> {

	private final int maxBytes;

	public BoundedBodyHandler(int maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	public BodySubscriber<byte[]> apply(ResponseInfo responseInfo) {
		return new BoundedSubscriber(this.maxBytes);
	}

	/**
	 * Signals a body that exceeded the limit.
	 */
	public static final class BodyTooLargeException extends IOException {

		private static final long serialVersionUID = 1L;

		public BodyTooLargeException(int maxBytes) {
			super("response body exceeds " + maxBytes + " bytes");
		}

	}

	private static final class BoundedSubscriber implements BodySubscriber<byte[]> {

		private final int maxBytes;

		private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

		private final CompletableFuture<byte[]> body = new CompletableFuture<>();

		private Flow.Subscription subscription;

		BoundedSubscriber(int maxBytes) {
			this.maxBytes = maxBytes;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> items) {
			if (this.body.isDone()) {
				return;
			}
			for (ByteBuffer item : items) {
				if (this.buffer.size() + (long) item.remaining() > this.maxBytes) {
					this.subscription.cancel();
					this.body.completeExceptionally(new BodyTooLargeException(this.maxBytes));
					return;
				}
				byte[] chunk = new byte[item.remaining()];
				item.get(chunk);
				this.buffer.write(chunk, 0, chunk.length);
			}
		}

		@Override
		public void onError(Throwable throwable) {
			this.body.completeExceptionally(throwable);
		}

		@Override
		public void onComplete() {
			this.body.complete(this.buffer.toByteArray());
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.body;
		}

	}

}
