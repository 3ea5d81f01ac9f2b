package com.teesql.devcluster.outage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.teesql.devcluster.http.HttpRoutes;
import com.teesql.devcluster.http.LocalHttpRequest;
import com.teesql.devcluster.http.LocalHttpResponse;
import com.teesql.devcluster.http.LocalHttpServer;
import com.teesql.devcluster.pcs.DevPcsServer;

/**
 * A PCCS in front of a dev cluster's PCS: it forwards the four collateral requests unchanged, and closing it is the
 * PCCS outage (connections to its port are refused), while the cluster itself keeps running.
 */
final class ForwardingPcs implements AutoCloseable {

	private final URI target;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final LocalHttpServer server;

	private final URI baseUrl;

	ForwardingPcs(URI target) {
		this.target = target;
		HttpRoutes routes = new HttpRoutes();
		for (String path : new String[] { DevPcsServer.PCK_CRL_PATH, DevPcsServer.TCB_INFO_PATH,
				DevPcsServer.QE_IDENTITY_PATH, DevPcsServer.ROOT_CA_CRL_PATH }) {
			routes.add("GET", path, this::forward);
		}
		this.server = new LocalHttpServer("outage-pccs", routes);
		InetSocketAddress address = this.server.listenOnLoopback();
		this.baseUrl = URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
	}

	URI baseUrl() {
		return this.baseUrl;
	}

	private LocalHttpResponse forward(LocalHttpRequest request) {
		String query = (request.query() != null && !request.query().isEmpty()) ? "?" + request.query() : "";
		HttpRequest forwarded = HttpRequest.newBuilder(URI.create(this.target + request.path() + query))
			.timeout(Duration.ofSeconds(5))
			.GET()
			.build();
		try {
			HttpResponse<byte[]> response = this.client.send(forwarded, HttpResponse.BodyHandlers.ofByteArray());
			Map<String, String> headers = new LinkedHashMap<>();
			response.headers().map().forEach((name, values) -> {
				// Only the PCS's own headers (the issuer chains); framing headers are the server's business.
				if (name.toLowerCase(Locale.ROOT).endsWith("issuer-chain")) {
					headers.put(name, values.get(0));
				}
			});
			String contentType = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
			return new LocalHttpResponse(response.statusCode(), contentType, headers, response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while forwarding to the dev PCS", ex);
		}
	}

	@Override
	public void close() {
		this.server.close();
	}

}
