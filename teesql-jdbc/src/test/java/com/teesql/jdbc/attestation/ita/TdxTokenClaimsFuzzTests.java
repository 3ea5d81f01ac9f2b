package com.teesql.jdbc.attestation.ita;

import java.text.ParseException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.support.Fuzz;
import com.teesql.jdbc.support.JsonMutator;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the Intel Trust Authority token-claims reading on random claim sets: JSON is parsed into claims by
 * nimbus-jose-jwt as {@link AttestationTokenValidator} does, as the payload of a signed token (a {@link ParseException} there becomes
 * {@code TOKEN_MALFORMED}), then {@link TdxTokenClaims#from} and {@link TdxTokenClaims#requireAbout} run against the
 * real v4 quote. Only {@link IntelTrustAuthorityException} may come out of the claims code. Sizes and seed: see
 * {@link com.teesql.jdbc.support.Fuzz}.
 */
class TdxTokenClaimsFuzzTests {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final String[] CLAIMS = { "attester_tcb_status", "attester_advisory_ids", "tdx_report_data",
			"tdx_mrtd", "tdx_is_debuggable", "tdx_td_attributes_debug" };

	@Test
	void claimsOnlyEverRefuseWithIntelTrustAuthorityException() throws Exception {
		TdxQuote quote = TdxQuote.parse(TestVectors.bytes("tdx_quote_v4.bin"));
		Fuzz.Outcomes outcomes = Fuzz.<String>target("TdxTokenClaims.from")
			.accepting(IntelTrustAuthorityException.class, ParseException.class)
			.timeout(Duration.ofSeconds(2))
			.run(Fuzz.tries(1), (random) -> claims(random, quote), (json) -> {
				JWTClaimsSet claims = claimsAsTheValidatorReadsThem(json);
				TdxTokenClaims tdx = TdxTokenClaims.from(claims.getClaims());
				assertThat(tdx.tcbStatus()).isNotBlank();
				assertThat(tdx.reportData()).matches("[0-9a-f]*");
				assertThat(tdx.mrTd()).matches("[0-9a-f]*");
				assertThat(tdx.advisoryIds()).isSorted();
				assertThat(tdx.location()).isIn("nested", "top-level");
				tdx.requireAbout(quote);
				assertThat(tdx.reportData()).isEqualTo(HexFormat.of().formatHex(quote.reportData()));
				assertThat(tdx.mrTd()).isEqualTo(quote.mrTdHex());
			});
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

	/**
	 * The claims of a signed token with this payload, read the way {@link AttestationTokenValidator} reads them
	 * ({@link SignedJWT#getJWTClaimsSet()}, which refuses a payload that is not an object, such as {@code null}, with
	 * a {@link ParseException}; {@code JWTClaimsSet.parse(String)} would throw a NullPointerException instead).
	 */
	private static JWTClaimsSet claimsAsTheValidatorReadsThem(String json) throws ParseException {
		return SignedJWT.parse(Base64URL.encode("{\"alg\":\"PS384\"}") + "." + Base64URL.encode(json) + "."
				+ Base64URL.encode("not checked here")).getJWTClaimsSet();
	}

	/** A claim set mixing well-formed, boundary and random values, nested under "tdx" or at the top level. */
	private static String claims(Random random, TdxQuote quote) {
		ObjectNode tdx = NODES.objectNode();
		for (String name : CLAIMS) {
			if (random.nextInt(8) != 0) {
				tdx.set(name, value(name, random, quote));
			}
		}
		ObjectNode root = NODES.objectNode();
		if (random.nextBoolean()) {
			root.set("tdx", tdx);
			if (random.nextInt(4) == 0) {
				root.setAll(tdx.deepCopy());
			}
		}
		else {
			root.setAll(tdx);
		}
		if (random.nextInt(3) == 0) {
			root.set(random.nextBoolean() ? "exp" : "iss", JsonMutator.randomValue(random, 1));
		}
		String json = root.toString();
		return (random.nextInt(10) == 0) ? JsonMutator.mutate(json, random) : json;
	}

	private static JsonNode value(String name, Random random, TdxQuote quote) {
		if (random.nextInt(4) == 0) {
			return JsonMutator.randomValue(random, 2);
		}
		return switch (name) {
			case "attester_tcb_status" -> NODES.textNode(random.nextBoolean() ? "UpToDate" : " ");
			case "attester_advisory_ids" -> {
				var ids = NODES.arrayNode();
				for (int i = random.nextInt(4); i > 0; i--) {
					ids.add(random.nextInt(6) == 0 ? NODES.numberNode(1) : NODES.textNode("INTEL-SA-0" + random.nextInt(999)));
				}
				yield ids;
			}
			case "tdx_report_data" -> NODES.textNode(hexVariant(HexFormat.of().formatHex(quote.reportData()), random));
			case "tdx_mrtd" -> NODES.textNode(hexVariant(quote.mrTdHex(), random));
			default -> NODES.booleanNode(random.nextInt(4) == 0);
		};
	}

	private static String hexVariant(String hex, Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> "0x" + hex;
			case 1 -> hex.toUpperCase();
			case 2 -> hex.substring(1);
			case 3 -> " " + hex + " ";
			case 4 -> "0x";
			default -> hex;
		};
	}

}
