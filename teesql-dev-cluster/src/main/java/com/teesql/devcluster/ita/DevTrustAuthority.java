package com.teesql.devcluster.ita;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.teesql.devcluster.http.HttpRoutes;
import com.teesql.devcluster.http.HttpStatusException;
import com.teesql.devcluster.http.LocalHttpRequest;
import com.teesql.devcluster.http.LocalHttpResponse;
import com.teesql.devcluster.http.LocalHttpServer;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.errors.QuoteFormatException;

/**
 * A local stand-in for Intel Trust Authority on loopback HTTP: {@code POST /appraisal/v2/attest} turns a TDX quote
 * into an attestation token signed with a dev RSA-3072 key, and {@code GET /certs} publishes that key as a JWKS.
 * It parses quotes but does not verify their signatures. Knobs make it misbehave in the ways a client must refuse.
 * <p>
 * Requests need header {@code x-api-key} equal to the key given to {@link #start(String)} (401 otherwise) and the
 * documented v2 body {@code {"tdx": {"quote": "<base64>"}, "token_signing_alg": "PS384"}} (400 otherwise).
 */
public final class DevTrustAuthority implements AutoCloseable {

	/** The path of the attestation endpoint. */
	public static final String ATTEST_PATH = "/appraisal/v2/attest";

	/** The path of the JWKS endpoint. */
	public static final String JWKS_PATH = "/certs";

	private static final Logger logger = LoggerFactory.getLogger(DevTrustAuthority.class);

	private static final ObjectMapper JSON = new ObjectMapper();

	private final DevTokenIssuer issuer;

	private final Object hold = new Object();

	private final AtomicInteger attestRequests = new AtomicInteger();

	private final AtomicInteger jwksRequests = new AtomicInteger();

	private LocalHttpServer server;

	private byte[] apiKey;

	private String baseUrl;

	private volatile String tcbStatus = "UpToDate";

	private volatile List<String> advisoryIds = List.of();

	private volatile boolean claimsAtTopLevel;

	private volatile boolean tokenExpired;

	private volatile TokenSigningKey signingKey = TokenSigningKey.PUBLISHED;

	private volatile String jkuOverride;

	private volatile boolean omitReportData;

	private volatile String mrTdOverride;

	private volatile boolean unavailable;

	private volatile boolean neverAnswer;

	private volatile boolean closed;

	/**
	 * Creates an authority with a fresh signing key; call {@link #start(String)} to serve.
	 */
	public DevTrustAuthority() {
		this(new SecureRandom(), Clock.systemUTC());
	}

	/**
	 * Creates an authority with a fresh signing key.
	 * @param random the randomness source for keys
	 * @param clock the clock for token times
	 */
	public DevTrustAuthority(SecureRandom random, Clock clock) {
		this.issuer = new DevTokenIssuer(random, clock);
	}

	/**
	 * Starts serving on {@code 127.0.0.1} on an ephemeral port.
	 * @param requiredApiKey the API key clients must send
	 * @return this authority
	 * @throws IllegalStateException if already started or closed
	 */
	public synchronized DevTrustAuthority start(String requiredApiKey) {
		if (requiredApiKey == null || requiredApiKey.isBlank()) {
			throw new IllegalArgumentException("dev trust authority API key must not be blank");
		}
		if (this.server != null || this.closed) {
			throw new IllegalStateException("dev trust authority already started or closed");
		}
		this.apiKey = requiredApiKey.getBytes(StandardCharsets.UTF_8);
		HttpRoutes routes = new HttpRoutes().add("POST", ATTEST_PATH, this::attest).add("GET", JWKS_PATH, this::jwks);
		this.server = new LocalHttpServer("dev-ita", routes);
		InetSocketAddress address = this.server.listenOnLoopback();
		this.baseUrl = "http://127.0.0.1:" + address.getPort();
		logger.info("dev Intel Trust Authority listening on {} (signing key {})", this.baseUrl,
				this.issuer.currentKeyId());
		return this;
	}

	/**
	 * The base URL to configure as the Intel Trust Authority URL.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public String baseUrl() {
		requireStarted();
		return this.baseUrl;
	}

	/**
	 * The URL of this authority's JWKS.
	 * @return {@code http://127.0.0.1:<port>/certs}
	 */
	public String jwksUrl() {
		return baseUrl() + JWKS_PATH;
	}

	/**
	 * The id of the key new tokens are signed with.
	 * @return the key id
	 */
	public String currentKeyId() {
		return this.issuer.currentKeyId();
	}

	/**
	 * Sign with a new key from now on; the old key stays in the JWKS.
	 * @return the new key id
	 */
	public String rotateSigningKey() {
		return this.issuer.rotate();
	}

	/**
	 * The platform TCB verdict to report.
	 * @param status for example {@code UpToDate} or {@code OutOfDate}
	 * @param advisories advisory ids such as {@code INTEL-SA-00837}
	 */
	public void setTcbStatus(String status, List<String> advisories) {
		this.tcbStatus = Objects.requireNonNull(status, "status");
		this.advisoryIds = List.copyOf(advisories);
	}

	/**
	 * Put the TDX claims at the top level (ITA v1 style) instead of nested under {@code tdx}.
	 * @param value whether to
	 */
	public void setClaimsAtTopLevel(boolean value) {
		this.claimsAtTopLevel = value;
	}

	/**
	 * Issue tokens that expired half an hour ago.
	 * @param value whether to
	 */
	public void setTokenExpired(boolean value) {
		this.tokenExpired = value;
	}

	/**
	 * Choose the signing key ({@link TokenSigningKey#UNPUBLISHED} signs with a key not in the JWKS).
	 * @param value the key choice
	 */
	public void setSigningKey(TokenSigningKey value) {
		// Generate a new RSA key here, on the caller's thread: inside an attest request it could take longer than the
		// client's request timeout on a loaded machine.
		this.issuer.prepare(Objects.requireNonNull(value, "value"));
		this.signingKey = value;
	}

	/**
	 * Write another JWKS URL into the tokens' {@code jku} header.
	 * @param url the URL, or {@code null} for this authority's own
	 */
	public void setJkuOverride(String url) {
		this.jkuOverride = url;
	}

	/**
	 * Leave {@code tdx_report_data} out of the tokens.
	 * @param value whether to
	 */
	public void setOmitReportData(boolean value) {
		this.omitReportData = value;
	}

	/**
	 * Claim another MRTD than the quote's (a token about another quote).
	 * @param mrTdHex the MRTD to claim, or {@code null} for the quote's
	 */
	public void setMrTdOverride(String mrTdHex) {
		this.mrTdOverride = mrTdHex;
	}

	/**
	 * Answer every attestation request with 503.
	 * @param value whether to
	 */
	public void setUnavailable(boolean value) {
		this.unavailable = value;
	}

	/**
	 * Accept attestation requests but never answer them, until {@link #close()} or until this knob is turned off
	 * again (held requests then get a 503).
	 * @param value whether to
	 */
	public void setNeverAnswer(boolean value) {
		synchronized (this.hold) {
			this.neverAnswer = value;
			this.hold.notifyAll();
		}
	}

	/**
	 * Turn every knob back to the genuine behaviour: nested claims, {@code UpToDate} without advisories, fresh tokens
	 * signed with the published key and its own {@code jku}, all claims present, answering. Keys and request counts
	 * are kept.
	 */
	public void reset() {
		setTcbStatus("UpToDate", List.of());
		this.claimsAtTopLevel = false;
		this.tokenExpired = false;
		this.signingKey = TokenSigningKey.PUBLISHED;
		this.jkuOverride = null;
		this.omitReportData = false;
		this.mrTdOverride = null;
		this.unavailable = false;
		setNeverAnswer(false);
	}

	/**
	 * How many attestation requests arrived (including refused ones).
	 * @return the count
	 */
	public int attestRequestCount() {
		return this.attestRequests.get();
	}

	/**
	 * How many JWKS requests arrived.
	 * @return the count
	 */
	public int jwksRequestCount() {
		return this.jwksRequests.get();
	}

	private LocalHttpResponse attest(LocalHttpRequest request) {
		this.attestRequests.incrementAndGet();
		if (this.neverAnswer) {
			holdWhileNeverAnswering();
			return LocalHttpResponse.error(503, "request held and released without an answer");
		}
		if (this.unavailable) {
			return LocalHttpResponse.error(503, "service temporarily unavailable");
		}
		String presented = request.header("x-api-key");
		if (presented == null
				|| !MessageDigest.isEqual(this.apiKey, presented.getBytes(StandardCharsets.UTF_8))) {
			// The presented key is never echoed: a client's real key must not end up in a reply or log.
			return LocalHttpResponse.error(401, "missing or invalid x-api-key");
		}
		String contentType = request.header("content-type");
		if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
			return LocalHttpResponse.error(415, "Content-Type must be application/json");
		}
		AttestRequest attestRequest = AttestRequest.parse(request.body());
		String token = this.issuer.issue(attestRequest.quote(), tokenOptions(attestRequest.algorithm()));
		return LocalHttpResponse.json(200, Map.of("token", token));
	}

	private TokenOptions tokenOptions(JWSAlgorithm algorithm) {
		String jku = (this.jkuOverride != null) ? this.jkuOverride : jwksUrl();
		return new TokenOptions(algorithm, jku, this.signingKey, this.tokenExpired, this.claimsAtTopLevel,
				this.omitReportData, this.mrTdOverride, this.tcbStatus, this.advisoryIds);
	}

	private LocalHttpResponse jwks(LocalHttpRequest request) {
		this.jwksRequests.incrementAndGet();
		return LocalHttpResponse.json(200, this.issuer.jwks());
	}

	private void holdWhileNeverAnswering() {
		synchronized (this.hold) {
			try {
				while (this.neverAnswer && !this.closed) {
					this.hold.wait();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void requireStarted() {
		if (this.baseUrl == null) {
			throw new IllegalStateException("dev trust authority not started");
		}
	}

	/**
	 * Releases requests held by {@link #setNeverAnswer(boolean)} and stops the server.
	 */
	@Override
	public synchronized void close() {
		synchronized (this.hold) {
			this.closed = true;
			this.hold.notifyAll();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Override
	public String toString() {
		return "DevTrustAuthority[" + ((this.baseUrl != null) ? this.baseUrl : "not started") + "]";
	}

	/**
	 * The documented v2 request body.
	 */
	private record AttestRequest(TdxQuote quote, JWSAlgorithm algorithm) {

		static AttestRequest parse(byte[] body) {
			JsonNode json;
			try {
				json = JSON.readTree(body);
			}
			catch (JsonProcessingException ex) {
				throw new HttpStatusException(400, "request body is not valid JSON: " + ex.getOriginalMessage());
			}
			catch (IOException ex) {
				throw new HttpStatusException(400, "request body cannot be read");
			}
			JsonNode quoteNode = (json != null) ? json.path("tdx").path("quote") : null;
			if (quoteNode == null || !quoteNode.isTextual()) {
				throw new HttpStatusException(400,
						"request body must be {\"tdx\": {\"quote\": \"<base64>\"}, \"token_signing_alg\": ...}");
			}
			byte[] raw;
			try {
				raw = Base64.getDecoder().decode(quoteNode.textValue());
			}
			catch (IllegalArgumentException ex) {
				throw new HttpStatusException(400, "tdx.quote is not standard base64: " + ex.getMessage());
			}
			TdxQuote quote;
			try {
				quote = TdxQuote.parse(raw);
			}
			catch (QuoteFormatException ex) {
				throw new HttpStatusException(400, "tdx.quote is not a TDX quote: " + ex.getMessage());
			}
			return new AttestRequest(quote, algorithm(json.get("token_signing_alg")));
		}

		private static JWSAlgorithm algorithm(JsonNode node) {
			if (node == null || node.isNull()) {
				return JWSAlgorithm.PS384;
			}
			String name = node.asText();
			if (name.equals("PS384")) {
				return JWSAlgorithm.PS384;
			}
			if (name.equals("RS256")) {
				return JWSAlgorithm.RS256;
			}
			throw new HttpStatusException(400, "token_signing_alg must be PS384 or RS256");
		}

	}

}
