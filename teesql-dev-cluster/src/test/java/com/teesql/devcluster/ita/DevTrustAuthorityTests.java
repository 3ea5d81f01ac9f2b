package com.teesql.devcluster.ita;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.teesql.devcluster.platform.DevTdxPlatform;
import com.teesql.devcluster.platform.TdIdentity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev authority over real HTTP, checked with a plain HTTP client and nimbus (not with the verifier under test).
 */
class DevTrustAuthorityTests {

	private static final String API_KEY = "dev-ita-key-0123456789";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final SecureRandom RANDOM = new SecureRandom();

	private static DevTrustAuthority authority;

	private static byte[] quote;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void start() {
		authority = new DevTrustAuthority().start(API_KEY);
		byte[] reportData = new byte[64];
		RANDOM.nextBytes(reportData);
		quote = DevTdxPlatform.create(RANDOM).quote(TdIdentity.random(RANDOM), reportData);
	}

	@AfterAll
	static void stop() {
		authority.close();
	}

	@BeforeEach
	void reset() {
		authority.reset();
	}

	@Test
	void jwksPublishesTheRsa3072SigningKey() throws Exception {
		HttpResponse<String> response = get(authority.jwksUrl());
		assertThat(response.statusCode()).isEqualTo(200);
		JWKSet keys = JWKSet.parse(response.body());
		assertThat(keys.getKeys()).hasSize(1);
		RSAKey key = (RSAKey) keys.getKeyByKeyId(authority.currentKeyId());
		assertThat(key.size()).isEqualTo(3072);
		assertThat(key.isPrivate()).isFalse();
	}

	@Test
	void attestIssuesAPs384TokenWithNestedTdxClaims() throws Exception {
		HttpResponse<String> response = attest(body(quote), API_KEY);
		assertThat(response.statusCode()).isEqualTo(200);
		SignedJWT token = SignedJWT.parse(JSON.readTree(response.body()).get("token").asText());
		assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS384);
		assertThat(token.getHeader().getJWKURL()).hasToString(authority.jwksUrl());
		RSAKey key = (RSAKey) JWKSet.parse(get(authority.jwksUrl()).body())
			.getKeyByKeyId(token.getHeader().getKeyID());
		assertThat(token.verify(new RSASSAVerifier(key))).isTrue();
		assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo("Intel Trust Authority");
		assertThat(token.getJWTClaimsSet().getExpirationTime()).isAfter(token.getJWTClaimsSet().getIssueTime());
		JsonNode tdx = JSON.valueToTree(token.getJWTClaimsSet().getJSONObjectClaim("tdx"));
		assertThat(tdx.get("attester_tcb_status").asText()).isEqualTo("UpToDate");
		assertThat(tdx.get("tdx_report_data").asText()).hasSize(128);
		assertThat(tdx.get("tdx_mrtd").asText()).hasSize(96);
		assertThat(tdx.get("tdx_rtmr3").asText()).hasSize(96);
		assertThat(tdx.get("tdx_is_debuggable").asBoolean(true)).isFalse();
	}

	@Test
	void wrongOrMissingApiKeyIs401() throws Exception {
		int before = authority.attestRequestCount();
		assertThat(attest(body(quote), "wrong").statusCode()).isEqualTo(401);
		HttpRequest noKey = HttpRequest.newBuilder(URI.create(authority.baseUrl() + "/appraisal/v2/attest"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body(quote)))
			.build();
		HttpResponse<String> response = this.http.send(noKey, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(authority.attestRequestCount()).isEqualTo(before + 2);
	}

	@Test
	void garbageQuoteAndV1BodyAre400() throws Exception {
		HttpResponse<String> garbage = attest(body(new byte[] { 1, 2, 3 }), API_KEY);
		assertThat(garbage.statusCode()).isEqualTo(400);
		assertThat(garbage.body()).contains("not a TDX quote");
		String v1Body = "{\"quote\":\"" + Base64.getEncoder().encodeToString(quote) + "\"}";
		assertThat(attest(v1Body, API_KEY).statusCode()).isEqualTo(400);
		assertThat(attest("{\"tdx\":{\"quote\":\"%%%\"}}", API_KEY).statusCode()).isEqualTo(400);
		assertThat(attest("not json", API_KEY).statusCode()).isEqualTo(400);
	}

	@Test
	void unavailableIs503() throws Exception {
		authority.setUnavailable(true);
		assertThat(attest(body(quote), API_KEY).statusCode()).isEqualTo(503);
	}

	private String body(byte[] quoteBytes) {
		return "{\"tdx\":{\"quote\":\"" + Base64.getEncoder().encodeToString(quoteBytes)
				+ "\"},\"token_signing_alg\":\"PS384\"}";
	}

	private HttpResponse<String> attest(String body, String apiKey) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(authority.baseUrl() + "/appraisal/v2/attest"))
			.timeout(Duration.ofSeconds(10))
			.header("x-api-key", apiKey)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String url) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
