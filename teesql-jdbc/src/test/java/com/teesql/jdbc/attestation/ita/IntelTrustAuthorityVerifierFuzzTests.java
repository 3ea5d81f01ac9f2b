package com.teesql.jdbc.attestation.ita;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.VerifiedQuote;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.support.ByteMutator;
import com.teesql.jdbc.support.Fuzz;
import com.teesql.jdbc.support.JsonMutator;
import com.teesql.jdbc.support.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link IntelTrustAuthorityVerifier#verify} against a real HTTP server on loopback that plays Intel Trust
 * Authority: the {@code {"token": ...}} attest answer is mutated as JSON, as a compact JWT string, or re-signed over
 * mutated claims and headers, and the JWKS document is mutated independently (the cache TTL is zero, so it is fetched
 * for every case). Only {@link AttestationException} subtypes may come out, within the configured timeouts, and no
 * message may contain the API key. Sizes and seed: see {@link Fuzz}.
 */
class IntelTrustAuthorityVerifierFuzzTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String API_KEY = "fuzz-api-key-0123456789abcdef";

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final ByteMutator BYTES = new ByteMutator();

	private final AtomicReference<Answer> attest = new AtomicReference<>();

	private final AtomicReference<Answer> jwks = new AtomicReference<>();

	private HttpServer server;

	private RSAKey signingKey;

	private TdxQuote quote;

	@BeforeEach
	void start() throws Exception {
		this.signingKey = new RSAKeyGenerator(2048).keyID("fuzz-key").generate();
		this.quote = TdxQuote.parse(TestVectors.bytes("tdx_quote_v4.bin"));
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.server.createContext("/appraisal/v2/attest", (exchange) -> answer(exchange, this.attest.get()));
		this.server.createContext("/certs", (exchange) -> answer(exchange, this.jwks.get()));
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void mutatedTokensAndJwksOnlyEverFailWithAttestationException() throws Exception {
		String base = "http://127.0.0.1:" + this.server.getAddress().getPort();
		IntelTrustAuthorityConfig config = IntelTrustAuthorityConfig.builder()
			.apiKey(API_KEY)
			.baseUrl(base)
			.jwksUrl(base + "/certs")
			.requestTimeout(TIMEOUT)
			.jwksTimeout(TIMEOUT)
			.jwksCacheTtl(Duration.ZERO)
			.build();
		IntelTrustAuthorityVerifier verifier = new IntelTrustAuthorityVerifier(config);
		URI jwksUrl = config.jwksUrl();
		Fuzz.Outcomes outcomes = Fuzz.<Answer[]>target("IntelTrustAuthorityVerifier.verify")
			.accepting(AttestationException.class)
			.timeout(TIMEOUT.multipliedBy(2).plusSeconds(3))
			.describedBy((answers) -> "attest: " + answers[0] + "\njwks: " + answers[1])
			.run(Fuzz.tries(0.08), (random) -> new Answer[] { attestAnswer(random, jwksUrl), jwksAnswer(random) },
					(answers) -> {
						this.attest.set(answers[0]);
						this.jwks.set(answers[1]);
						try {
							VerifiedQuote verified = verifier.verify(this.quote);
							assertThat(verified.verifierName()).isEqualTo(IntelTrustAuthorityVerifier.NAME);
						}
						catch (AttestationException ex) {
							for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
								assertThat(String.valueOf(cause.getMessage())).doesNotContain(API_KEY);
							}
							throw ex;
						}
					});
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

	private Answer attestAnswer(Random random, URI jwksUrl) throws Exception {
		int status = (random.nextInt(8) == 0) ? new int[] { 201, 204, 400, 401, 429, 500 }[random.nextInt(6)] : 200;
		if (status != 200 && random.nextBoolean()) {
			// An error body that echoes the request, API key included, as a careless proxy might.
			return new Answer(status, ("{\"error\":\"bad key " + API_KEY + "\"}").getBytes(StandardCharsets.UTF_8));
		}
		String token = token(random, jwksUrl);
		String body = JSON.createObjectNode().put("token", token).toString();
		return switch (random.nextInt(8)) {
			case 0 -> new Answer(status, JsonMutator.mutate(body, random).getBytes(StandardCharsets.UTF_8));
			case 1 -> new Answer(status, JsonMutator.randomValue(random, 2).toString().getBytes(StandardCharsets.UTF_8));
			case 2 -> new Answer(status, JSON.createObjectNode()
				.put("token", new String(BYTES.mutate(token.getBytes(StandardCharsets.US_ASCII), random),
						StandardCharsets.ISO_8859_1))
				.toString()
				.getBytes(StandardCharsets.UTF_8));
			default -> new Answer(status, body.getBytes(StandardCharsets.UTF_8));
		};
	}

	/** A token signed by the test key over valid, mutated or random claims, with a possibly odd header. */
	private String token(Random random, URI jwksUrl) throws Exception {
		Instant now = Instant.now();
		Map<String, Object> tdx = Map.of("attester_tcb_status", "UpToDate", "attester_advisory_ids", List.of(),
				"tdx_report_data", HexFormat.of().formatHex(this.quote.reportData()), "tdx_mrtd",
				this.quote.mrTdHex(), "tdx_is_debuggable", false);
		String claims = new JWTClaimsSet.Builder().issuer("Intel Trust Authority")
			.issueTime(Date.from(now.minusSeconds(5)))
			.notBeforeTime(Date.from(now.minusSeconds(5)))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.claim("tdx", tdx)
			.build()
			.toString();
		claims = switch (random.nextInt(6)) {
			case 0 -> JsonMutator.mutate(claims, random);
			case 1 -> JsonMutator.mutateTree(claims, random);
			default -> claims;
		};
		JWSHeader.Builder header = new JWSHeader.Builder(
				(random.nextInt(10) == 0) ? JWSAlgorithm.RS256 : JWSAlgorithm.PS384);
		switch (random.nextInt(10)) {
			case 0 -> header.keyID(null);
			case 1 -> header.keyID("unknown-" + random.nextInt(3));
			case 2 -> header.keyID("");
			default -> header.keyID(this.signingKey.getKeyID());
		}
		switch (random.nextInt(8)) {
			case 0 -> header.jwkURL(URI.create("https://attacker.example/certs"));
			case 1 -> header.jwkURL(null);
			default -> header.jwkURL(jwksUrl);
		}
		JWSObject jws = new JWSObject(header.build(), new Payload(claims));
		jws.sign(new RSASSASigner(this.signingKey));
		return jws.serialize();
	}

	private Answer jwksAnswer(Random random) {
		String keys = new JWKSet(this.signingKey.toPublicJWK()).toString();
		int status = (random.nextInt(10) == 0) ? new int[] { 204, 404, 500 }[random.nextInt(3)] : 200;
		byte[] body = switch (random.nextInt(8)) {
			case 0 -> JsonMutator.mutate(keys, random).getBytes(StandardCharsets.UTF_8);
			case 1 -> JsonMutator.mutateTree(keys, random).getBytes(StandardCharsets.UTF_8);
			case 2 -> JsonMutator.randomValue(random, 3).toString().getBytes(StandardCharsets.UTF_8);
			case 3 -> BYTES.mutate(keys.getBytes(StandardCharsets.UTF_8), random);
			default -> keys.getBytes(StandardCharsets.UTF_8);
		};
		return new Answer(status, body);
	}

	private static void answer(HttpExchange exchange, Answer answer) throws IOException {
		try (exchange) {
			exchange.getRequestBody().readAllBytes();
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(answer.status(), (answer.body().length > 0) ? answer.body().length : -1);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer.body());
			}
		}
		catch (IOException ex) {
			// The client gave up; the case decides.
		}
	}

	/** One canned HTTP answer. */
	private record Answer(int status, byte[] body) {

		@Override
		public String toString() {
			String text = new String(this.body, StandardCharsets.ISO_8859_1);
			return this.status + " " + ((text.length() > 400) ? text.substring(0, 400) + "..." : text);
		}

	}

}
