package com.teesql.devcluster.sidecar;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.teesql.devcluster.postgres.PostgresState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's HTTP API (the ":8080" role): {@code GET /health} and {@code GET /attestation}.
 */
final class SidecarHttpApi implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SidecarHttpApi.class);

	private static final int WORKER_THREADS = 4;

	private final ObjectMapper json = new ObjectMapper();

	private final SidecarConfig config;

	private final BackendHealthCheck healthCheck;

	private final Clock clock;

	private final HttpServer server;

	private final ExecutorService executor;

	SidecarHttpApi(SidecarConfig config, Clock clock, String threadPrefix) throws IOException {
		this.config = config;
		this.healthCheck = new BackendHealthCheck(config);
		this.clock = clock;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.httpPort()), 16);
		this.executor = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), new NamedDaemonThreadFactory(threadPrefix + "-http"));
		((ThreadPoolExecutor) this.executor).allowCoreThreadTimeOut(true);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			if (!"GET".equals(exchange.getRequestMethod())) {
				exchange.getResponseHeaders().add("Allow", "GET");
				respond(exchange, 405, Map.of("error", "method " + exchange.getRequestMethod() + " not allowed"));
				return;
			}
			switch (path) {
				case "/health" -> health(exchange);
				case "/attestation" -> attestation(exchange);
				default -> respond(exchange, 404, Map.of("error", "no such endpoint: " + path));
			}
		}
		catch (RuntimeException ex) {
			logger.warn("HTTP request {} failed", exchange.getRequestURI(), ex);
			throw ex;
		}
	}

	private void health(HttpExchange exchange) throws IOException {
		Optional<String> problem = this.healthCheck.check();
		if (problem.isEmpty()) {
			respond(exchange, 200, Map.of("status", "ok"));
			return;
		}
		logger.info("Health check failed: {}", problem.get());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", "unavailable");
		body.put("reason", problem.get());
		respond(exchange, 503, body);
	}

	private void attestation(HttpExchange exchange) throws IOException {
		Optional<AttestationSource> source = this.config.attestationSource();
		if (source.isEmpty() || this.config.postgresState().isEmpty()) {
			respond(exchange, 503, Map.of("error", "attestation is not configured on this sidecar"));
			return;
		}
		try {
			PostgresState state = this.config.postgresState().get().get();
			long timestamp = this.clock.instant().getEpochSecond();
			respond(exchange, 200, AttestationDocument.build(source.get(), state, timestamp));
		}
		catch (Exception ex) {
			logger.warn("Could not produce an attestation document", ex);
			respond(exchange, 500, Map.of("error", "attestation failed: " + ex.getMessage()));
		}
	}

	private void respond(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
		byte[] bytes = this.json.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
		try {
			if (!this.executor.awaitTermination(5, TimeUnit.SECONDS)) {
				logger.warn("HTTP worker threads did not stop within 5 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
