package com.teesql.jdbc.attestation.ita;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.teesql.jdbc.http.BoundedBodyHandler;

/**
 * Sends one HTTP request and returns the whole response within a deadline that covers connecting, the headers and
 * the body, with a cap on the body size. The JDK's own request timeout only covers the response headers, so a server
 * that stalls mid-body could otherwise block a verification forever.
 */
final class BoundedHttpClient {

	/** Largest response accepted from Intel Trust Authority (tokens and key sets are a few KiB). */
	static final int MAX_RESPONSE_BYTES = 1024 * 1024;

	private final HttpClient client;

	BoundedHttpClient(Duration connectTimeout) {
		// Redirects are never followed: the endpoints are configured, and a redirect must not move the API key or
		// the key lookup elsewhere.
		this.client = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Send a request.
	 * @param request the request
	 * @param timeout the deadline for the whole exchange
	 * @return the response
	 * @throws TimeoutException if the deadline passed (the exchange is cancelled)
	 * @throws IOException if the exchange failed or the body exceeded {@link #MAX_RESPONSE_BYTES}
	 * @throws InterruptedException if the calling thread was interrupted
	 */
	Response send(HttpRequest request, Duration timeout) throws TimeoutException, IOException, InterruptedException {
		CompletableFuture<HttpResponse<byte[]>> exchange = this.client.sendAsync(request,
				new BoundedBodyHandler(MAX_RESPONSE_BYTES));
		try {
			HttpResponse<byte[]> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return new Response(response.statusCode(), response.body());
		}
		catch (TimeoutException | InterruptedException ex) {
			exchange.cancel(true);
			throw ex;
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof HttpTimeoutException) {
				// The JDK's own request or connect timeout can fire first; it is the same deadline.
				TimeoutException timeoutException = new TimeoutException(cause.getMessage());
				timeoutException.initCause(cause);
				throw timeoutException;
			}
			if (cause instanceof IOException io) {
				throw io;
			}
			throw new IOException(String.valueOf(cause), cause);
		}
	}

	/**
	 * A complete response.
	 *
	 * @param status the status code
	 * @param body the body
	 */
	record Response(int status, byte[] body) {

		boolean isSuccessful() {
			return this.status >= 200 && this.status < 300;
		}

	}

	/**
	 * Collects the body in memory and fails once it grows beyond the limit.
	 */

}
