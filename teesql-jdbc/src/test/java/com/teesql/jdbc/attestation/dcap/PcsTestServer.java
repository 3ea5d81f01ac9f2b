package com.teesql.jdbc.attestation.dcap;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 that plays Intel PCS: it serves the v4 vector collateral re-shaped into the PCS
 * v4 responses (issuer chains percent-encoded in headers, CRLs as DER or hex, signed documents wrapped with their
 * signature). Tests may replace the response of any path and count the requests that arrive.
 */
final class PcsTestServer implements AutoCloseable {

	static final String PCK_CRL = "/sgx/certification/v4/pckcrl";

	static final String TCB = "/tdx/certification/v4/tcb";

	static final String QE_IDENTITY = "/tdx/certification/v4/qe/identity";

	static final String ROOT_CA_CRL = "/sgx/certification/v4/rootcacrl";

	/** The root CA CRL as raw DER, for a configured root CA CRL URL. */
	static final String ROOT_CA_CRL_DER = "/certificates/IntelSGXRootCA.der";

	/** Upper bound for any handler that blocks, so a test failure can never hang the build. */
	private static final long MAX_BLOCK_SECONDS = 30;

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "pcs-test-server");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<String, Response> responses = new ConcurrentHashMap<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final JsonNode collateral;

	private PcsTestServer(JsonNode collateral) throws IOException {
		this.collateral = collateral;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		restoreDefaults();
		this.server.start();
	}

	/** Serve the v4 vector collateral. */
	static PcsTestServer start() throws IOException {
		return new PcsTestServer(DcapVectors.json("tdx_quote_v4_collateral.json"));
	}

	URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	URI url(String path) {
		return URI.create(baseUrl() + path);
	}

	/** Path and query of every request received, in arrival order. */
	List<String> requests() {
		return List.copyOf(this.requests);
	}

	long requestCount(String path) {
		return this.requests.stream().filter((request) -> request.startsWith(path + "?") || request.equals(path)).count();
	}

	void respond(String path, Response response) {
		this.responses.put(path, response);
	}

	/** Put back the faithful PCS responses for every path. */
	void restoreDefaults() {
		this.responses.put(PCK_CRL, Response.ok(hex("pck_crl"), Map.of("SGX-PCK-CRL-Issuer-Chain",
				percentEncode(text("pck_crl_issuer_chain")), "Content-Type", "application/pkix-crl")));
		this.responses.put(TCB, Response.ok(tcbBody().getBytes(StandardCharsets.UTF_8),
				Map.of("TCB-Info-Issuer-Chain", percentEncode(text("tcb_info_issuer_chain")), "Content-Type",
						"application/json")));
		this.responses.put(QE_IDENTITY, Response.ok(qeIdentityBody().getBytes(StandardCharsets.UTF_8),
				Map.of("SGX-Enclave-Identity-Issuer-Chain", percentEncode(text("qe_identity_issuer_chain")),
						"Content-Type", "application/json")));
		this.responses.put(ROOT_CA_CRL, Response.ok(text("root_ca_crl").getBytes(StandardCharsets.US_ASCII),
				Map.of("Content-Type", "text/plain")));
		this.responses.put(ROOT_CA_CRL_DER, Response.ok(hex("root_ca_crl"), Map.of()));
	}

	/** The compact PCS TCB info body. */
	String tcbBody() {
		return "{\"tcbInfo\":" + text("tcb_info") + ",\"signature\":\"" + text("tcb_info_signature") + "\"}";
	}

	String qeIdentityBody() {
		return "{\"enclaveIdentity\":" + text("qe_identity") + ",\"signature\":\"" + text("qe_identity_signature")
				+ "\"}";
	}

	String text(String field) {
		return this.collateral.get(field).textValue();
	}

	byte[] hex(String field) {
		return HexFormat.of().parseHex(text(field));
	}

	/** Percent-encode everything but RFC 3986 unreserved characters, as Intel PCS does for issuer-chain headers. */
	static String percentEncode(String value) {
		StringBuilder out = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
				out.append(c);
			}
			else {
				out.append('%').append(String.format("%02X", b & 0xFF));
			}
		}
		return out.toString();
	}

	@Override
	public void close() {
		this.responses.values().forEach(Response::release);
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			URI uri = exchange.getRequestURI();
			this.requests.add(uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : ""));
			Response response = this.responses.get(uri.getRawPath());
			if (response == null) {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			response.awaitGate();
			response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			if (response.silent()) {
				// Headers promise a body that never comes.
				exchange.sendResponseHeaders(200, response.body().length + 1000L);
				exchange.getResponseBody().write(response.body());
				exchange.getResponseBody().flush();
				response.blockForever();
				return;
			}
			exchange.sendResponseHeaders(response.status(), (response.body().length > 0) ? response.body().length : -1);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(response.body());
			}
		}
		catch (IOException ex) {
			// The client gave up (timeout or body limit); nothing to report.
		}
	}

	/**
	 * What the server answers on one path.
	 *
	 * @param status the HTTP status
	 * @param body the body
	 * @param headers extra response headers
	 * @param gate if not {@code null}, the answer waits until the latch opens (bounded)
	 * @param silent send headers and part of the body, then stall
	 */
	record Response(int status, byte[] body, Map<String, String> headers, CountDownLatch gate, boolean silent) {

		static Response ok(byte[] body, Map<String, String> headers) {
			return new Response(200, body, new LinkedHashMap<>(headers), null, false);
		}

		static Response status(int status) {
			return new Response(status, ("{\"error\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8), Map.of(),
					null, false);
		}

		static Response stallingBody() {
			return new Response(200, "{\"tcbI".getBytes(StandardCharsets.UTF_8), Map.of(), new CountDownLatch(1), true);
		}

		Response gated(CountDownLatch latch) {
			return new Response(this.status, this.body, this.headers, latch, this.silent);
		}

		Response withoutHeader(String name) {
			Map<String, String> copy = new LinkedHashMap<>(this.headers);
			copy.remove(name);
			return new Response(this.status, this.body, copy, this.gate, this.silent);
		}

		void awaitGate() {
			if (this.gate != null && !this.silent) {
				await(this.gate);
			}
		}

		void blockForever() {
			await(this.gate);
		}

		void release() {
			if (this.gate != null) {
				this.gate.countDown();
			}
		}

		private static void await(CountDownLatch latch) {
			try {
				latch.await(MAX_BLOCK_SECONDS, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
