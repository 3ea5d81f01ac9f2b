package com.teesql.jdbc.attestation.ita;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link IntelTrustAuthorityVerifier#verify} against a real HTTP server on loopback that plays Intel Trust
 * Authority. The tokens are of two sorts:
 * <ul>
 * <li>issued by Intel: signed with one of the two keys of the configured JWKS, over genuine claims or over claims
 * Intel might issue for another quote (another REPORTDATA or MRTD, a debug TD, expired, not yet valid, another
 * issuer, another TCB status, mutated JSON), sometimes with an odd header (unknown or missing {@code kid}, a foreign
 * {@code jku});</li>
 * <li>forged: claims altered after Intel signed them, or tokens signed by an attacker's key (under Intel's {@code kid},
 * under its own {@code kid} with a {@code jku} naming the attacker's JWKS, which the loopback server really serves, or
 * with the attacker's key embedded as {@code jwk}), HMAC-signed with Intel's public key as the secret, or unsigned.
 * The kinds take turns, so every run, however short, tries each.</li>
 * </ul>
 * Half of the cases serve the token as it is; the others also damage one layer around it: the {@code {"token": ...}}
 * answer (JSON or byte mutations, error statuses) or the JWKS document (the JWKS cache TTL is zero, so it is fetched
 * for every case). Only {@link AttestationException} subtypes may come out, within the
 * configured timeouts, and no message may contain the API key. An accepted result must be one Intel vouches for: the
 * token the verifier received is signed by a key of the configured JWKS, its claims are exactly those Intel issued in
 * that case, they speak about the submitted quote (REPORTDATA and MRTD; hex case and a {@code 0x} prefix are the only
 * differences allowed), not of a debug TD, from an expected issuer and within their lifetime, and the result repeats
 * them (TCB status, advisories, expiry). Sizes and seed: see {@link Fuzz}.
 */
class IntelTrustAuthorityVerifierFuzzTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String API_KEY = "fuzz-api-key-0123456789abcdef";

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final Duration CLOCK_SKEW = IntelTrustAuthorityConfig.DEFAULT_CLOCK_SKEW;

	private static final ByteMutator BYTES = new ByteMutator();

	private static final List<String> TCB_STATUSES = List.of("UpToDate", "SWHardeningNeeded", "ConfigurationNeeded",
			"ConfigurationAndSWHardeningNeeded", "OutOfDate", "OutOfDateConfigurationNeeded");

	/** One turn of token kinds: each once, usable tokens twice. */
	private static final List<TokenKind> TURN = List.of(TokenKind.values()).stream()
		.flatMap((kind) -> (kind == TokenKind.ISSUED) ? Stream.of(kind, kind) : Stream.of(kind))
		.toList();

	private final AtomicReference<Answer> attest = new AtomicReference<>();

	private final AtomicReference<Answer> jwks = new AtomicReference<>();

	private final AtomicInteger turn = new AtomicInteger();

	private final Set<TokenKind> tried = ConcurrentHashMap.newKeySet();

	private HttpServer server;

	private RSAKey intelKey;

	private RSAKey intelNextKey;

	private RSAKey attackerKey;

	private TdxQuote quote;

	@BeforeEach
	void start() throws Exception {
		this.intelKey = new RSAKeyGenerator(2048).keyID("ita-key-1").generate();
		this.intelNextKey = new RSAKeyGenerator(2048).keyID("ita-key-2").generate();
		this.attackerKey = new RSAKeyGenerator(2048).keyID("attacker-key").generate();
		this.quote = TdxQuote.parse(TestVectors.bytes("tdx_quote_v4.bin"));
		byte[] attackerJwks = new JWKSet(this.attackerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.server.createContext("/appraisal/v2/attest", (exchange) -> answer(exchange, this.attest.get()));
		this.server.createContext("/certs", (exchange) -> answer(exchange, this.jwks.get()));
		this.server.createContext("/attacker/certs", (exchange) -> answer(exchange, new Answer(200, attackerJwks)));
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void onlyTokensIntelIssuedForThisQuoteAreAcceptedAndNothingButAttestationExceptionComesOut() throws Exception {
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
		JwksUrls urls = new JwksUrls(config.jwksUrl(), URI.create(base + "/attacker/certs"));
		Fuzz.Outcomes outcomes = Fuzz.<Case>target("IntelTrustAuthorityVerifier.verify")
			.accepting(AttestationException.class)
			.timeout(TIMEOUT.multipliedBy(2).plusSeconds(3))
			.run(Fuzz.tries(0.08), (random) -> nextCase(random, urls), (served) -> {
				this.attest.set(served.attest());
				this.jwks.set(served.jwks());
				VerifiedQuote verified;
				try {
					verified = verifier.verify(this.quote);
				}
				catch (AttestationException ex) {
					for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
						assertThat(String.valueOf(cause.getMessage())).doesNotContain(API_KEY);
					}
					throw ex;
				}
				requireIssuedByIntelForThisQuote(verified, served, config);
			});
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
		assertThat(this.tried).as("token kinds tried").isEqualTo(EnumSet.allOf(TokenKind.class));
	}

	/**
	 * What an accepted result must satisfy, checked on the token the verifier actually received.
	 */
	private void requireIssuedByIntelForThisQuote(VerifiedQuote verified, Case served, IntelTrustAuthorityConfig config)
			throws Exception {
		JsonNode body = JSON.readTree(served.attest().body());
		assertThat(body.path("token").isTextual()).as("the attest answer carries a token").isTrue();
		SignedJWT jwt = SignedJWT.parse(body.path("token").textValue());
		JWSHeader header = jwt.getHeader();
		assertThat(AttestationTokenValidator.ALLOWED_ALGORITHMS).as("algorithm").contains(header.getAlgorithm());
		RSAKey intel = intelKeys().get(String.valueOf(header.getKeyID()));
		assertThat(intel).as("kid %s names a key of the configured JWKS", header.getKeyID()).isNotNull();
		assertThat(jwt.verify(new RSASSAVerifier(intel))).as("signed by Intel's key %s", intel.getKeyID()).isTrue();
		assertThat(header.getJWKURL() == null || header.getJWKURL().equals(config.jwksUrl()))
			.as("jku %s is absent or the configured JWKS", header.getJWKURL())
			.isTrue();
		assertThat(served.token().issuedClaims()).as("Intel issued a token in this case").isNotNull();
		assertThat(jwt.getPayload().toString()).as("claims unchanged from those Intel issued")
			.isEqualTo(served.token().issuedClaims());
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		Map<?, ?> tdx = (claims.getClaim(TdxTokenClaims.NESTED_CLAIM) instanceof Map<?, ?> nested) ? nested
				: claims.getClaims();
		assertThat(normalizedHex(tdx.get("tdx_report_data"))).as("tdx_report_data is the quote's REPORTDATA")
			.isEqualTo(HexFormat.of().formatHex(this.quote.reportData()));
		assertThat(normalizedHex(tdx.get("tdx_mrtd"))).as("tdx_mrtd is the quote's MRTD")
			.isEqualTo(this.quote.mrTdHex());
		assertThat(tdx.get("tdx_is_debuggable")).as("debug claim of a non-debug quote").isNotEqualTo(true);
		assertThat(tdx.get("tdx_td_attributes_debug")).as("debug claim of a non-debug quote").isNotEqualTo(true);
		assertThat(IntelTrustAuthorityConfig.DEFAULT_ISSUERS).as("issuer").contains(claims.getIssuer());
		Instant now = Instant.now();
		assertThat(claims.getExpirationTime()).as("exp").isNotNull();
		Instant expiry = claims.getExpirationTime().toInstant();
		assertThat(expiry).as("exp").isAfter(now.minus(CLOCK_SKEW));
		if (claims.getNotBeforeTime() != null) {
			assertThat(claims.getNotBeforeTime().toInstant()).as("nbf").isBefore(now.plus(CLOCK_SKEW));
		}
		assertThat(verified.verifierName()).isEqualTo(IntelTrustAuthorityVerifier.NAME);
		assertThat(verified.tcbStatus()).as("TCB status as Intel stated it").isEqualTo(tdx.get("attester_tcb_status"));
		List<Object> advisories = new ArrayList<>(
				(tdx.get("attester_advisory_ids") instanceof List<?> ids) ? ids : List.of());
		advisories.sort(null);
		assertThat(verified.advisoryIds()).as("advisories as Intel stated them").isEqualTo(advisories);
		assertThat(verified.validUntil()).as("valid until the token expires").isEqualTo(Optional.of(expiry));
	}

	/** Hex as the claims may legitimately spell it: any letter case, an optional {@code 0x}. */
	private static String normalizedHex(Object claim) {
		assertThat(claim).as("hex claim").isInstanceOf(String.class);
		String hex = ((String) claim).strip();
		if (hex.startsWith("0x") || hex.startsWith("0X")) {
			hex = hex.substring(2);
		}
		return hex.toLowerCase(Locale.ROOT);
	}

	private Map<String, RSAKey> intelKeys() {
		return Map.of(this.intelKey.getKeyID(), this.intelKey, this.intelNextKey.getKeyID(), this.intelNextKey);
	}

	private Case nextCase(Random random, JwksUrls urls) throws Exception {
		TokenKind kind = TURN.get(Math.floorMod(this.turn.getAndIncrement(), TURN.size()));
		this.tried.add(kind);
		Token token = token(kind, random, urls);
		String body = JSON.createObjectNode().put("token", token.compact()).toString();
		Answer attest = new Answer(200, body.getBytes(StandardCharsets.UTF_8));
		Answer jwks = new Answer(200, intelJwks().getBytes(StandardCharsets.UTF_8));
		// Half of the cases serve the token as it is, so that its meaning, not its wrapping, decides; the others
		// also damage one layer around it.
		switch (random.nextInt(8)) {
			case 0, 1 -> attest = mutatedAttestAnswer(random, token.compact());
			case 2 -> attest = errorAnswer(random);
			case 3 -> jwks = mutatedJwksAnswer(random);
			default -> {
				// as it is
			}
		}
		return new Case(token, attest, jwks);
	}

	private static Answer mutatedAttestAnswer(Random random, String token) {
		String body = JSON.createObjectNode().put("token", token).toString();
		return switch (random.nextInt(3)) {
			case 0 -> new Answer(200, JsonMutator.mutate(body, random).getBytes(StandardCharsets.UTF_8));
			case 1 -> new Answer(200, JsonMutator.randomValue(random, 2).toString().getBytes(StandardCharsets.UTF_8));
			default -> new Answer(200, JSON.createObjectNode()
				.put("token", new String(BYTES.mutate(token.getBytes(StandardCharsets.US_ASCII), random),
						StandardCharsets.ISO_8859_1))
				.toString()
				.getBytes(StandardCharsets.UTF_8));
		};
	}

	private static Answer errorAnswer(Random random) {
		int status = new int[] { 201, 204, 400, 401, 429, 500 }[random.nextInt(6)];
		if (random.nextBoolean()) {
			// An error body that echoes the request, API key included, as a careless proxy might.
			return new Answer(status, ("{\"error\":\"bad key " + API_KEY + "\"}").getBytes(StandardCharsets.UTF_8));
		}
		return new Answer(status, JsonMutator.randomValue(random, 2).toString().getBytes(StandardCharsets.UTF_8));
	}

	private Token token(TokenKind kind, Random random, JwksUrls urls) throws Exception {
		String genuine = genuineClaims().toString();
		RSAKey intel = random.nextBoolean() ? this.intelKey : this.intelNextKey;
		return switch (kind) {
			case ISSUED, ISSUED_MUTATED_CLAIMS, ISSUED_FOR_ANOTHER_QUOTE, ISSUED_UNUSABLE -> {
				String claims = issuedClaims(kind, random);
				yield new Token(kind, sign(intel, header(JWSAlgorithm.PS384, intel.getKeyID(),
						random.nextBoolean() ? urls.jwks() : null), claims), claims);
			}
			case ISSUED_ODD_HEADER -> {
				String claims = genuineClaims().toString();
				JWSHeader header = switch (random.nextInt(6)) {
					case 0 -> header(JWSAlgorithm.PS384, null, urls.jwks());
					case 1 -> header(JWSAlgorithm.PS384, "", urls.jwks());
					case 2 -> header(JWSAlgorithm.PS384, "unknown-" + random.nextInt(3), urls.jwks());
					case 3 -> header(JWSAlgorithm.PS384, intel.getKeyID(), URI.create("https://attacker.example/certs"));
					case 4 -> header(JWSAlgorithm.PS384, intel.getKeyID(), urls.attackerJwks());
					default -> header(JWSAlgorithm.RS256, intel.getKeyID(), urls.jwks());
				};
				yield new Token(kind, sign(intel, header, claims), claims);
			}
			case ALTERED_AFTER_SIGNING -> {
				String claims = genuineClaims().toString();
				String[] parts = sign(intel, header(JWSAlgorithm.PS384, intel.getKeyID(), urls.jwks()), claims)
					.split("\\.");
				String altered = random.nextBoolean() ? JsonMutator.mutate(claims, random) : anotherQuote(random);
				parts[1] = Base64URL.encode(altered).toString();
				yield new Token(kind, String.join(".", parts), claims);
			}
			case ATTACKER_KEY_UNDER_INTEL_KID -> new Token(kind,
					sign(this.attackerKey, header(JWSAlgorithm.PS384, intel.getKeyID(), urls.jwks()), genuine),
					null);
			case ATTACKER_KEY_BEHIND_JKU -> new Token(kind, sign(this.attackerKey,
					header(JWSAlgorithm.PS384, this.attackerKey.getKeyID(), urls.attackerJwks()), genuine), null);
			case ATTACKER_KEY_EMBEDDED -> {
				JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.PS384)
					.keyID(random.nextBoolean() ? this.attackerKey.getKeyID() : intel.getKeyID())
					.jwk(this.attackerKey.toPublicJWK())
					.build();
				yield new Token(kind, sign(this.attackerKey, header, genuine), null);
			}
			case HMAC_WITH_INTEL_PUBLIC_KEY -> {
				JWSObject jws = new JWSObject(
						new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(intel.getKeyID()).build(), new Payload(genuine));
				jws.sign(new MACSigner(intel.toRSAPublicKey().getEncoded()));
				yield new Token(kind, jws.serialize(), null);
			}
			case UNSIGNED -> new Token(kind, Base64URL.encode("{\"alg\":\"none\",\"kid\":\"" + intel.getKeyID() + "\"}")
					+ "." + Base64URL.encode(genuine) + ".", null);
		};
	}

	/** Claims Intel could issue, of the given kind. */
	private String issuedClaims(TokenKind kind, Random random) {
		ObjectNode claims = genuineClaims();
		ObjectNode tdx = (ObjectNode) claims.get(TdxTokenClaims.NESTED_CLAIM);
		long now = Instant.now().getEpochSecond();
		switch (kind) {
			case ISSUED -> {
				// Whatever Intel says about the platform; the result must repeat it.
				tdx.put("attester_tcb_status", TCB_STATUSES.get(random.nextInt(TCB_STATUSES.size())));
				ArrayNode advisories = tdx.putArray("attester_advisory_ids");
				for (int i = random.nextInt(3); i > 0; i--) {
					advisories.add(String.format("INTEL-SA-%05d", 600 + random.nextInt(300)));
				}
				switch (random.nextInt(3)) {
					case 0 -> {
						// Spelling only: must be accepted as the same values.
						tdx.put("tdx_report_data",
								HexFormat.of().formatHex(this.quote.reportData()).toUpperCase(Locale.ROOT));
						tdx.put("tdx_mrtd", "0x" + this.quote.mrTdHex());
					}
					case 1 -> {
						// The v1 shape: the same claims at the top level.
						claims.remove(TdxTokenClaims.NESTED_CLAIM);
						claims.setAll(tdx);
					}
					default -> {
						// genuine
					}
				}
			}
			case ISSUED_MUTATED_CLAIMS -> {
				return random.nextBoolean() ? JsonMutator.mutate(claims.toString(), random)
						: JsonMutator.mutateTree(claims.toString(), random);
			}
			case ISSUED_FOR_ANOTHER_QUOTE -> {
				switch (random.nextInt(3)) {
					case 0 -> {
						return anotherQuote(random);
					}
					case 1 -> tdx.put("tdx_mrtd", flipOneDigit(this.quote.mrTdHex(), random));
					default -> tdx.put(random.nextBoolean() ? "tdx_is_debuggable" : "tdx_td_attributes_debug", true);
				}
			}
			case ISSUED_UNUSABLE -> {
				switch (random.nextInt(3)) {
					case 0 -> claims.put("exp", now - 3600);
					case 1 -> claims.put("nbf", now + 3600);
					default -> claims.put("iss", "Attacker Trust Authority");
				}
			}
			default -> throw new IllegalArgumentException("not issued by Intel: " + kind);
		}
		return claims.toString();
	}

	private ObjectNode genuineClaims() {
		long now = Instant.now().getEpochSecond();
		ObjectNode claims = JSON.createObjectNode();
		claims.put("iss", "Intel Trust Authority");
		claims.put("iat", now - 5);
		claims.put("nbf", now - 5);
		claims.put("exp", now + 300);
		ObjectNode tdx = claims.putObject(TdxTokenClaims.NESTED_CLAIM);
		tdx.put("attester_tcb_status", "UpToDate");
		tdx.putArray("attester_advisory_ids");
		tdx.put("tdx_report_data", HexFormat.of().formatHex(this.quote.reportData()));
		tdx.put("tdx_mrtd", this.quote.mrTdHex());
		tdx.put("tdx_is_debuggable", false);
		return claims;
	}

	/** Genuine claims, but about a quote with another REPORTDATA (another TLS key). */
	private String anotherQuote(Random random) {
		ObjectNode claims = genuineClaims();
		((ObjectNode) claims.get(TdxTokenClaims.NESTED_CLAIM)).put("tdx_report_data",
				flipOneDigit(HexFormat.of().formatHex(this.quote.reportData()), random));
		return claims.toString();
	}

	private static String flipOneDigit(String hex, Random random) {
		char[] digits = hex.toCharArray();
		int at = random.nextInt(digits.length);
		digits[at] = Character.forDigit(Character.digit(digits[at], 16) ^ (1 + random.nextInt(15)), 16);
		return new String(digits);
	}

	private static JWSHeader header(JWSAlgorithm algorithm, String kid, URI jku) {
		return new JWSHeader.Builder(algorithm).keyID(kid).jwkURL(jku).build();
	}

	private static String sign(RSAKey key, JWSHeader header, String claims) throws Exception {
		JWSObject jws = new JWSObject(header, new Payload(claims));
		jws.sign(new RSASSASigner(key));
		return jws.serialize();
	}

	private String intelJwks() {
		return new JWKSet(List.of(this.intelKey.toPublicJWK(), this.intelNextKey.toPublicJWK())).toString();
	}

	private Answer mutatedJwksAnswer(Random random) {
		String keys = intelJwks();
		int status = (random.nextInt(5) == 0) ? new int[] { 204, 404, 500 }[random.nextInt(3)] : 200;
		byte[] body = switch (random.nextInt(4)) {
			case 0 -> JsonMutator.mutate(keys, random).getBytes(StandardCharsets.UTF_8);
			case 1 -> JsonMutator.mutateTree(keys, random).getBytes(StandardCharsets.UTF_8);
			case 2 -> JsonMutator.randomValue(random, 3).toString().getBytes(StandardCharsets.UTF_8);
			default -> BYTES.mutate(keys.getBytes(StandardCharsets.UTF_8), random);
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

	/** How a case's token was made. */
	private enum TokenKind {

		/** Signed by Intel, usual header, usable claims (genuine, hex spelled otherwise, another TCB status, v1). */
		ISSUED,

		/** Signed by Intel, usual header, mutated JSON claims. */
		ISSUED_MUTATED_CLAIMS,

		/** Signed by Intel, about another quote: another REPORTDATA or MRTD, or a debug TD. */
		ISSUED_FOR_ANOTHER_QUOTE,

		/** Signed by Intel, expired, not yet valid, or from another issuer. */
		ISSUED_UNUSABLE,

		/**
		 * Signed by Intel over genuine claims, with a missing, empty or unknown {@code kid}, a foreign {@code jku}, or
		 * RS256.
		 */
		ISSUED_ODD_HEADER,

		/** Signed by Intel over genuine claims, then the claims were replaced. */
		ALTERED_AFTER_SIGNING,

		/** Signed by the attacker, naming Intel's {@code kid}. */
		ATTACKER_KEY_UNDER_INTEL_KID,

		/** Signed by the attacker, whose key the token's {@code jku} really serves. */
		ATTACKER_KEY_BEHIND_JKU,

		/** Signed by the attacker, whose public key the header embeds as {@code jwk}. */
		ATTACKER_KEY_EMBEDDED,

		/** HS256 with Intel's public key (public knowledge) as the MAC secret. */
		HMAC_WITH_INTEL_PUBLIC_KEY,

		/** {@code alg: none}. */
		UNSIGNED

	}

	/**
	 * A token and what Intel signed for it.
	 * @param kind how it was made
	 * @param compact the compact serialisation served
	 * @param issuedClaims the claims text Intel's key signed in this case, {@code null} if it signed none
	 */
	private record Token(TokenKind kind, String compact, String issuedClaims) {
	}

	/** The loopback JWKS URLs: the configured one, and the attacker's. */
	private record JwksUrls(URI jwks, URI attackerJwks) {
	}

	/** What the loopback server answers in one case. */
	private record Case(Token token, Answer attest, Answer jwks) {

		@Override
		public String toString() {
			return this.token.kind() + "\nissued claims: " + this.token.issuedClaims() + "\nattest: " + this.attest
					+ "\njwks: " + this.jwks;
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
