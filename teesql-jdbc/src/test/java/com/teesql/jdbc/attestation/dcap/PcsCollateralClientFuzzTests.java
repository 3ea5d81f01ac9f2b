package com.teesql.jdbc.attestation.dcap;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.dcap.CollateralKey.PckCa;
import com.teesql.jdbc.attestation.dcap.PcsTestServer.Response;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.support.ByteMutator;
import com.teesql.jdbc.support.Fuzz;
import com.teesql.jdbc.support.JsonMutator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link PcsCollateralClient#collateral} against a real PCS-like server on loopback whose answers are mutated
 * per case: TCB info and QE identity bodies (JSON-aware and text mutations), CRL bodies (byte mutations, hex or DER),
 * issuer-chain headers (corrupted, not percent-encoded, missing) and statuses. Only {@link AttestationException}
 * subtypes may come out, within the client's deadline. Sizes and seed: see {@link Fuzz}.
 */
class PcsCollateralClientFuzzTests {

	private static final CollateralKey KEY = CollateralKey.of("B0C06F000000", PckCa.PLATFORM);

	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);

	private static final ByteMutator BYTES = new ByteMutator();

	private static final List<String> PATHS = List.of(PcsTestServer.PCK_CRL, PcsTestServer.TCB,
			PcsTestServer.QE_IDENTITY, PcsTestServer.ROOT_CA_CRL);

	private static final Map<String, String> CHAIN_HEADERS = Map.of(PcsTestServer.PCK_CRL, "SGX-PCK-CRL-Issuer-Chain",
			PcsTestServer.TCB, "TCB-Info-Issuer-Chain", PcsTestServer.QE_IDENTITY,
			"SGX-Enclave-Identity-Issuer-Chain");

	private PcsTestServer server;

	@BeforeEach
	void startServer() throws Exception {
		this.server = PcsTestServer.start();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void mutatedPcsAnswersOnlyEverFailWithAttestationException() throws Exception {
		PcsCollateralClient client = new PcsCollateralClient(this.server.baseUrl(), CLIENT_TIMEOUT);
		Fuzz.Outcomes outcomes = Fuzz.<Map<String, Response>>target("PcsCollateralClient.collateral")
			.accepting(AttestationException.class)
			.timeout(CLIENT_TIMEOUT.multipliedBy(2).plusSeconds(3))
			.describedBy(PcsCollateralClientFuzzTests::describe)
			.run(Fuzz.tries(0.12), this::answers, (answers) -> {
				this.server.restoreDefaults();
				answers.forEach(this.server::respond);
				DcapCollateral collateral = client.collateral(KEY);
				assertThat(collateral.tcbInfo()).isNotEmpty();
				assertThat(collateral.qeIdentity()).isNotEmpty();
			});
		assertThat(outcomes.refused()).isPositive();
	}

	/** Replacement answers for one to four of the PCS paths. */
	private Map<String, Response> answers(Random random) {
		Map<String, Response> answers = new LinkedHashMap<>();
		int count = 1 + random.nextInt((random.nextInt(4) == 0) ? 4 : 1);
		for (int i = 0; i < count; i++) {
			String path = PATHS.get(random.nextInt(PATHS.size()));
			answers.put(path, answer(path, random));
		}
		return answers;
	}

	private Response answer(String path, Random random) {
		byte[] body = switch (path) {
			case PcsTestServer.TCB -> jsonBody(this.server.tcbBody(), random);
			case PcsTestServer.QE_IDENTITY -> jsonBody(this.server.qeIdentityBody(), random);
			case PcsTestServer.PCK_CRL -> crlBody(this.server.hex("pck_crl"), random);
			default -> crlBody(this.server.text("root_ca_crl").getBytes(StandardCharsets.US_ASCII), random);
		};
		Map<String, String> headers = new LinkedHashMap<>();
		String headerName = CHAIN_HEADERS.get(path);
		if (headerName != null) {
			String chain = this.server.text(switch (path) {
				case PcsTestServer.PCK_CRL -> "pck_crl_issuer_chain";
				case PcsTestServer.TCB -> "tcb_info_issuer_chain";
				default -> "qe_identity_issuer_chain";
			});
			String value = issuerChainHeader(chain, random);
			if (value != null) {
				headers.put(headerName, value);
			}
		}
		int status = (random.nextInt(6) == 0) ? new int[] { 201, 204, 301, 400, 404, 500, 503 }[random.nextInt(7)]
				: 200;
		return new Response(status, body, headers, null, false);
	}

	private static byte[] jsonBody(String body, Random random) {
		return switch (random.nextInt(5)) {
			case 0 -> body.getBytes(StandardCharsets.UTF_8);
			case 1 -> JsonMutator.randomValue(random, 3).toString().getBytes(StandardCharsets.UTF_8);
			case 2 -> BYTES.mutate(body.getBytes(StandardCharsets.UTF_8), random);
			default -> JsonMutator.mutate(body, random).getBytes(StandardCharsets.UTF_8);
		};
	}

	private static byte[] crlBody(byte[] crl, Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> crl;
			case 1 -> ByteMutator.randomBytes(random, 300);
			default -> BYTES.mutate(crl, random);
		};
	}

	/** The header value, or {@code null} to leave it out. */
	private static String issuerChainHeader(String pem, Random random) {
		return switch (random.nextInt(7)) {
			case 0 -> null;
			case 1 -> "";
			case 2 -> PcsTestServer.percentEncode(pem) + "%";
			case 3 -> PcsTestServer.percentEncode(pem).replace("%0A", "%ZZ");
			case 4 -> PcsTestServer.percentEncode(printable(BYTES.mutate(pem.getBytes(StandardCharsets.US_ASCII), random)));
			case 5 -> PcsTestServer.percentEncode(pem.substring(0, random.nextInt(pem.length())));
			default -> PcsTestServer.percentEncode(pem);
		};
	}

	/** Header values must not contain control characters the server would refuse to send. */
	private static String printable(byte[] bytes) {
		StringBuilder out = new StringBuilder();
		for (byte b : bytes) {
			out.append((b == '\n' || (b >= 0x20 && b < 0x7f)) ? (char) b : '?');
		}
		return out.toString();
	}

	private static String describe(Map<String, Response> answers) {
		return answers.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " -> " + entry.getValue().status() + " " + entry.getValue().headers()
					+ " body(" + entry.getValue().body().length + "): "
					+ new String(entry.getValue().body(), 0, Math.min(300, entry.getValue().body().length),
							StandardCharsets.ISO_8859_1))
			.collect(Collectors.joining("\n"));
	}

}
