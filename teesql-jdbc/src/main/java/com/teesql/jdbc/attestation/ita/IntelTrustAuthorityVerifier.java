package com.teesql.jdbc.attestation.ita;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.VerifiedQuote;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityException.Reason;

/**
 * Verifies quotes with Intel Trust Authority's v2 appraisal API: the quote is sent to
 * {@code POST {base}/appraisal/v2/attest}, and the returned attestation token is accepted only if it is signed by a
 * key from the configured JWKS, is within its lifetime, comes from an expected issuer, and speaks about the submitted
 * quote (same REPORTDATA and MRTD). Unlike the official clients, the token's {@code jku} is never followed and the
 * token is bound to the quote.
 * <p>
 * Thread-safe; one instance can serve every connection. The TCB status is reported, not judged: the caller's policy
 * decides which statuses are acceptable.
 */
public final class IntelTrustAuthorityVerifier implements QuoteVerifier {

	/** The verifier name in results and logs. */
	public static final String NAME = "ita";

	static final String USER_AGENT = "teesql-jdbc";

	private static final Logger logger = LoggerFactory.getLogger(IntelTrustAuthorityVerifier.class);

	private static final ObjectMapper JSON = new ObjectMapper();

	/** Enough of an error body to diagnose a refusal without flooding a log. */
	private static final int MAX_ERROR_BODY_CHARS = 512;

	private final IntelTrustAuthorityConfig config;

	private final BoundedHttpClient http;

	private final AttestationTokenValidator tokenValidator;

	public IntelTrustAuthorityVerifier(IntelTrustAuthorityConfig config) {
		this.config = config;
		Duration connectTimeout = (config.requestTimeout().compareTo(config.jwksTimeout()) < 0)
				? config.requestTimeout() : config.jwksTimeout();
		this.http = new BoundedHttpClient(connectTimeout);
		JwksCache keys = new JwksCache(config.jwksUrl(), config.jwksCacheTtl(), config.jwksTimeout(), this.http,
				config.clock());
		this.tokenValidator = new AttestationTokenValidator(config.jwksUrl(), keys, config.expectedIssuers(),
				config.clockSkew(), config.clock());
	}

	@Override
	public VerifiedQuote verify(TdxQuote quote) throws IntelTrustAuthorityException {
		String token = requestToken(quote);
		JWTClaimsSet claims = this.tokenValidator.validate(token);
		TdxTokenClaims tdx = TdxTokenClaims.from(claims.getClaims());
		tdx.requireAbout(quote);
		if (logger.isDebugEnabled()) {
			logger.debug("Intel Trust Authority token accepted: mrtd={}... tcb={} advisories={} claims={} exp={}",
					tdx.mrTd().substring(0, Math.min(16, tdx.mrTd().length())), tdx.tcbStatus(), tdx.advisoryIds(),
					tdx.location(), claims.getExpirationTime().toInstant());
		}
		return new VerifiedQuote(tdx.tcbStatus(), tdx.advisoryIds(), NAME,
				Optional.of(claims.getExpirationTime().toInstant()));
	}

	@Override
	public String name() {
		return NAME;
	}

	private String requestToken(TdxQuote quote) throws IntelTrustAuthorityException {
		HttpRequest request = HttpRequest.newBuilder(this.config.attestUrl())
			.timeout(this.config.requestTimeout())
			.header("x-api-key", this.config.apiKey())
			.header("Accept", "application/json")
			.header("Content-Type", "application/json")
			.header("User-Agent", USER_AGENT)
			.POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(quote)))
			.build();
		BoundedHttpClient.Response response;
		try {
			response = this.http.send(request, this.config.requestTimeout());
		}
		catch (TimeoutException ex) {
			throw new IntelTrustAuthorityException(Reason.API_TIMEOUT, "Intel Trust Authority at "
					+ this.config.attestUrl() + " did not answer within " + this.config.requestTimeout().toMillis()
					+ " ms", ex);
		}
		catch (IOException ex) {
			throw new IntelTrustAuthorityException(Reason.API_UNREACHABLE,
					"attest request to " + this.config.attestUrl() + " failed: " + redact(String.valueOf(ex)), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IntelTrustAuthorityException(Reason.API_UNREACHABLE,
					"attest request to " + this.config.attestUrl() + " was interrupted", ex);
		}
		if (!response.isSuccessful()) {
			throw new IntelTrustAuthorityException(Reason.API_ERROR, response.status(),
					"Intel Trust Authority returned " + response.status() + ": " + errorBody(response.body()), null);
		}
		return token(response.body());
	}

	/**
	 * The documented v2 request: the quote nested under {@code tdx}, tokens signed with PS384.
	 */
	private static byte[] requestBody(TdxQuote quote) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("tdx", Map.of("quote", Base64.getEncoder().encodeToString(quote.bytes())));
		body.put("token_signing_alg", "PS384");
		try {
			return JSON.writeValueAsBytes(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("a map of strings is always serialisable", ex);
		}
	}

	private static String token(byte[] body) throws IntelTrustAuthorityException {
		JsonNode json;
		try {
			json = JSON.readTree(body);
		}
		catch (IOException ex) {
			throw new IntelTrustAuthorityException(Reason.API_RESPONSE_INVALID,
					"decode attest response: not JSON (" + body.length + " bytes)", ex);
		}
		JsonNode token = (json != null) ? json.get("token") : null;
		if (token == null || !token.isTextual() || token.asText().isBlank()) {
			throw new IntelTrustAuthorityException(Reason.API_RESPONSE_INVALID,
					"Intel Trust Authority response missing token field");
		}
		return token.asText();
	}

	private String errorBody(byte[] body) {
		if (body.length == 0) {
			return "(empty body)";
		}
		String text = redact(new String(body, StandardCharsets.UTF_8)).replaceAll("[\\p{Cntrl}&&[^\\t]]", " ")
			.strip();
		if (text.length() > MAX_ERROR_BODY_CHARS) {
			text = text.substring(0, MAX_ERROR_BODY_CHARS) + "\u2026 (" + body.length + " bytes)";
		}
		return text;
	}

	/**
	 * Service replies are quoted in messages; a service that echoes the request must not leak the key through them.
	 */
	private String redact(String text) {
		return text.replace(this.config.apiKey(), "(redacted)");
	}

	@Override
	public String toString() {
		return "IntelTrustAuthorityVerifier[attestUrl=" + this.config.attestUrl() + ", jwksUrl="
				+ this.config.jwksUrl() + "]";
	}

}
