package com.teesql.jdbc.dstack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.support.ByteMutator;
import com.teesql.jdbc.support.Fuzz;
import com.teesql.jdbc.support.JsonMutator;
import com.teesql.jdbc.support.MiniHttpServer;
import com.teesql.jdbc.support.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link GuestAgentClient#getTlsKey} with hostile {@code GetTlsKey} answers from a real server on a
 * Unix-domain socket (the client's own HTTP/1.1 reader) and on TCP loopback (the JDK HTTP client): mutated and random
 * bodies, Content-Length lies, broken chunked framing, odd status lines and byte-level corruption of the whole
 * response. Only {@link TeeSqlException} subtypes may come out, within the client's timeout, and no refusal may quote
 * the private key it was sent. Sizes and seed: see {@link Fuzz}.
 */
class GuestAgentClientFuzzTests {

	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);

	private static final ByteMutator BYTES = new ByteMutator();

	private static String validBody;

	/** A slice of the private key's base64 that must never show up in an exception. */
	private static String keySecret;

	@TempDir
	Path temp;

	@BeforeAll
	static void createKeyMaterial() throws Exception {
		TestKeys.SelfSigned client = TestKeys.selfSigned("fuzz");
		ObjectNode body = new ObjectMapper().createObjectNode();
		body.put("key", client.keyPem());
		body.putArray("certificate_chain").add(client.certificatePem()).add(client.certificatePem());
		validBody = body.toString();
		keySecret = Base64.getEncoder().encodeToString(client.privateKey().getEncoded()).substring(40, 80);
	}

	@Test
	void unixSocketAnswersOnlyEverFailWithTeeSqlException() throws Exception {
		AtomicReference<byte[]> answer = new AtomicReference<>();
		try (MiniHttpServer server = MiniHttpServer.unix(this.temp.resolve("fuzz.sock"), (request) -> answer.get())) {
			fuzz("GuestAgentClient.getTlsKey(unix)", server, answer);
		}
	}

	@Test
	void httpAnswersOnlyEverFailWithTeeSqlException() throws Exception {
		AtomicReference<byte[]> answer = new AtomicReference<>();
		try (MiniHttpServer server = MiniHttpServer.tcp((request) -> answer.get())) {
			fuzz("GuestAgentClient.getTlsKey(http)", server, answer);
		}
	}

	private static void fuzz(String name, MiniHttpServer server, AtomicReference<byte[]> answer) throws Exception {
		GuestAgentClient client = new GuestAgentClient(GuestAgentClient.resolve(server.endpoint()), CLIENT_TIMEOUT);
		Fuzz.Outcomes outcomes = Fuzz.<byte[]>target(name)
			.accepting(TeeSqlException.class)
			.timeout(CLIENT_TIMEOUT.plusSeconds(3))
			// Mostly the response itself; the budget only catches a reader that buffers far beyond the 1 MiB limit.
			.allocationBudget(64L * 1024 * 1024)
			.describedBy(GuestAgentClientFuzzTests::describe)
			.run(Fuzz.tries(0.3), GuestAgentClientFuzzTests::response, (response) -> {
				answer.set(response);
				try {
					TlsKey key = client.getTlsKey("teesql-jdbc", true, false, true);
					assertThat(key.chain()).isNotEmpty();
					assertThat(key.toString()).doesNotContain(keySecret);
				}
				catch (TeeSqlException ex) {
					assertNoSecret(ex);
					throw ex;
				}
			});
		assertThat(outcomes.refused()).isPositive();
		assertThat(outcomes.accepted()).isPositive();
	}

	private static void assertNoSecret(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			assertThat(String.valueOf(cause.getMessage())).as("message of %s", cause.getClass().getName())
				.doesNotContain(keySecret)
				.doesNotContain("PRIVATE KEY");
		}
	}

	/** A raw HTTP response: a body (valid, mutated or random) in a framing that may lie. */
	private static byte[] response(Random random) {
		String body = switch (random.nextInt(6)) {
			case 0 -> validBody;
			case 1, 2 -> JsonMutator.mutate(validBody, random);
			case 3 -> JsonMutator.randomValue(random, 3).toString();
			case 4 -> "{\"error\":" + JsonMutator.randomValue(random, 1) + "}";
			default -> new String(ByteMutator.randomBytes(random, 200), StandardCharsets.ISO_8859_1);
		};
		int status = switch (random.nextInt(8)) {
			case 0 -> 200 + random.nextInt(400);
			case 1 -> new int[] { 0, 99, 204, 304, 404, 500, 999, -1 }[random.nextInt(8)];
			default -> 200;
		};
		byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
		byte[] raw = switch (random.nextInt(7)) {
			case 0 -> MiniHttpServer.chunkedResponse(status, body, 1 + random.nextInt(300));
			case 1 -> lyingContentLength(status, bodyBytes, random);
			case 2 -> brokenChunks(status, bodyBytes, random);
			case 3 -> MiniHttpServer.concat(
					("HTTP/1.1 " + status + " X\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
					bodyBytes);
			default -> MiniHttpServer.contentLengthResponse(status, body);
		};
		if (random.nextInt(6) == 0) {
			raw = BYTES.mutate(raw, random);
		}
		return raw;
	}

	private static byte[] lyingContentLength(int status, byte[] body, Random random) {
		String length = switch (random.nextInt(7)) {
			case 0 -> String.valueOf(body.length + 1 + random.nextInt(1000));
			case 1 -> String.valueOf(Math.max(0, body.length - 1 - random.nextInt(Math.max(1, body.length))));
			case 2 -> "-1";
			case 3 -> "99999999999999999999";
			case 4 -> String.valueOf(Integer.MAX_VALUE);
			case 5 -> body.length + ", " + (body.length + 1);
			default -> "0x" + Integer.toHexString(body.length);
		};
		String head = "HTTP/1.1 " + status + " X\r\nContent-Length: " + length + "\r\n"
				+ ((random.nextBoolean()) ? "Transfer-Encoding: chunked\r\n" : "") + "\r\n";
		return MiniHttpServer.concat(head.getBytes(StandardCharsets.US_ASCII), body);
	}

	private static byte[] brokenChunks(int status, byte[] body, Random random) {
		StringBuilder out = new StringBuilder("HTTP/1.1 " + status + " X\r\nTransfer-Encoding: chunked\r\n\r\n");
		String size = switch (random.nextInt(6)) {
			case 0 -> "ffffffffffffffff";
			case 1 -> "7fffffff";
			case 2 -> "-" + Integer.toHexString(body.length);
			case 3 -> "zz";
			case 4 -> Integer.toHexString(body.length + 1 + random.nextInt(100));
			default -> "";
		};
		out.append(size).append("\r\n").append(new String(body, StandardCharsets.ISO_8859_1));
		if (random.nextBoolean()) {
			out.append("\r\n0\r\n\r\n");
		}
		return out.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	private static String describe(byte[] response) {
		String text = new String(response, StandardCharsets.ISO_8859_1).replaceAll("[\\p{Cntrl}&&[^\r\n]]", "?");
		return (text.length() > 600) ? text.substring(0, 600) + "... (" + response.length + " bytes)" : text;
	}

}
