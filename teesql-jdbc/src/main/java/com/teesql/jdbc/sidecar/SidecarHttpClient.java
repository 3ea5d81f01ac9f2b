package com.teesql.jdbc.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Minimal GET client for the sidecar's HTTP API. Connect and every read are bounded by the timeout and bodies by
 * {@link #MAX_BODY_BYTES}, so a stalled or hostile sidecar cannot hang a thread forever or exhaust memory.
 *
 * @author teesql-spring-boot
 */
public final class SidecarHttpClient {

	/** Largest body read; an attestation document with a quote is a few KiB. */
	public static final int MAX_BODY_BYTES = 256 * 1024;

	private final URI baseUrl;

	private final Duration timeout;

	/**
	 * Create a client.
	 * @param baseUrl the API's base URL ({@code teesql.sidecar.http-url})
	 * @param timeout bound of connect and every read ({@code teesql.sidecar.timeout})
	 */
	public SidecarHttpClient(URI baseUrl, Duration timeout) {
		if (baseUrl == null || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))
				|| baseUrl.getHost() == null) {
			throw new IllegalArgumentException(
					"teesql.sidecar.http-url must be an absolute http(s) URL with a host, got '" + baseUrl + "'");
		}
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("teesql.sidecar.timeout must be a positive duration, got " + timeout);
		}
		this.baseUrl = baseUrl;
		this.timeout = timeout;
	}

	/**
	 * The API's base URL.
	 * @return the URL
	 */
	public URI baseUrl() {
		return this.baseUrl;
	}

	/**
	 * The bound of connect and every read.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * GET a path of the API.
	 * @param path the path, for example {@code /health}
	 * @return the status and body
	 * @throws IOException if the sidecar cannot be reached or does not answer in time
	 */
	public Response get(String path) throws IOException {
		URI uri = resolve(path);
		int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, this.timeout.toMillis());
		HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
		try {
			connection.setConnectTimeout(timeoutMillis);
			connection.setReadTimeout(timeoutMillis);
			connection.setInstanceFollowRedirects(false);
			connection.setUseCaches(false);
			connection.setRequestProperty("Accept", "application/json");
			int status = connection.getResponseCode();
			InputStream body = (status >= 400) ? connection.getErrorStream() : connection.getInputStream();
			byte[] bytes = new byte[0];
			if (body != null) {
				try (body) {
					bytes = body.readNBytes(MAX_BODY_BYTES + 1);
				}
			}
			if (bytes.length > MAX_BODY_BYTES) {
				throw new IOException("sidecar " + uri + " answered with a body larger than " + MAX_BODY_BYTES
						+ " bytes");
			}
			return new Response(uri, status, bytes);
		}
		finally {
			connection.disconnect();
		}
	}

	private URI resolve(String path) {
		String base = this.baseUrl.toString();
		return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
	}

	@Override
	public String toString() {
		return "SidecarHttpClient[" + this.baseUrl + ", timeout=" + this.timeout + "]";
	}

	/**
	 * A response of the sidecar.
	 *
	 * @param uri the requested URI
	 * @param status the HTTP status
	 * @param body the body
	 */
	public record Response(URI uri, int status, byte[] body) {

		/**
		 * The body as short, printable text for error messages: remote content is untrusted and may be long.
		 * @return at most 200 characters, control characters replaced
		 */
		public String abbreviatedBody() {
			String text = new String(this.body, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", " ").strip();
			return (text.length() <= 200) ? text : text.substring(0, 200) + "...";
		}

	}

}
