package com.teesql.jdbc.dstack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.teesql.jdbc.errors.GuestAgentException;
import com.teesql.jdbc.errors.GuestAgentUnavailableException;
import com.teesql.jdbc.support.MiniHttpServer;
import com.teesql.jdbc.support.TestKeys;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GuestAgentClientTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@TempDir
	Path temp;

	private static String okBody(TestKeys.SelfSigned client, boolean legacy) throws Exception {
		ObjectNode body = new ObjectMapper().createObjectNode();
		body.put("key", client.keyPem());
		if (legacy) {
			body.put("cert", client.certificatePem());
		}
		else {
			body.putArray("certificate_chain").add(client.certificatePem()).add(client.certificatePem());
		}
		return body.toString();
	}

	private static GuestAgentClient client(MiniHttpServer server, Duration timeout) throws Exception {
		return new GuestAgentClient(GuestAgentClient.resolve(server.endpoint()), timeout);
	}

	@Test
	void getsTlsKeyOverUnixSocketWithContentLength() throws Exception {
		TestKeys.SelfSigned client = TestKeys.selfSigned("c1");
		String body = okBody(client, false);
		try (MiniHttpServer server = MiniHttpServer.unix(this.temp.resolve("a.sock"),
				(request) -> MiniHttpServer.contentLengthResponse(200, body))) {
			TlsKey key = client(server, TIMEOUT).getTlsKey("teesql-jdbc", true, false, true);
			assertThat(key.chain()).hasSize(2);
			assertThat(key.leaf()).isEqualTo(client.certificate());
			assertThat(key.privateKey().getEncoded()).isEqualTo(client.privateKey().getEncoded());
			assertThat(key.toString()).contains("<hidden EC key>").doesNotContain("BEGIN");
			MiniHttpServer.Request request = server.requests().get(0);
			assertThat(request.requestLine()).isEqualTo("POST /GetTlsKey HTTP/1.1");
			assertThat(request.headers()).contains("Host: localhost").contains("Connection: close");
			JsonNode json = new ObjectMapper().readTree(request.body());
			assertThat(json.get("subject").asText()).isEqualTo("teesql-jdbc");
			assertThat(json.get("usage_ra_tls").asBoolean()).isTrue();
			assertThat(json.get("usage_server_auth").asBoolean()).isFalse();
			assertThat(json.get("usage_client_auth").asBoolean()).isTrue();
		}
	}

	@Test
	void getsTlsKeyOverUnixSocketWithChunkedBodyAndLegacyCert() throws Exception {
		TestKeys.SelfSigned client = TestKeys.selfSigned("c2");
		String body = okBody(client, true);
		try (MiniHttpServer server = MiniHttpServer.unix(this.temp.resolve("b.sock"),
				(request) -> MiniHttpServer.chunkedResponse(200, body, 100))) {
			TlsKey key = client(server, TIMEOUT).getTlsKey("s", true, false, true);
			assertThat(key.chain()).containsExactly(client.certificate());
		}
	}

	@Test
	void readsBodyUntilEofWithoutLengthHeaders() throws Exception {
		TestKeys.SelfSigned client = TestKeys.selfSigned("c3");
		byte[] response = ("HTTP/1.0 200 OK\r\n\r\n" + okBody(client, false)).getBytes(StandardCharsets.UTF_8);
		try (MiniHttpServer server = MiniHttpServer.unix(this.temp.resolve("c.sock"), (request) -> response)) {
			assertThat(client(server, TIMEOUT).getTlsKey("s", true, false, true).leaf()).isEqualTo(client.certificate());
		}
	}

	@Test
	void getsTlsKeyOverHttp() throws Exception {
		TestKeys.SelfSigned client = TestKeys.selfSigned("c4");
		String body = okBody(client, false);
		try (MiniHttpServer server = MiniHttpServer.tcp((request) -> MiniHttpServer.contentLengthResponse(200, body))) {
			GuestAgentClient guestAgent = client(server, TIMEOUT);
			assertThat(guestAgent.endpoint().kind()).isEqualTo(GuestAgentEndpoint.Kind.HTTP);
			assertThat(guestAgent.getTlsKey("s", true, false, true).leaf()).isEqualTo(client.certificate());
			assertThat(server.requests().get(0).requestLine()).isEqualTo("POST /GetTlsKey HTTP/1.1");
		}
	}

	@Test
	void reportsErrorStatusWithErrorField() throws Exception {
		byte[] response = MiniHttpServer.contentLengthResponse(500, "{\"error\":\"key provider offline\"}");
		try (MiniHttpServer unix = MiniHttpServer.unix(this.temp.resolve("d.sock"), (request) -> response);
				MiniHttpServer tcp = MiniHttpServer.tcp((request) -> response)) {
			for (MiniHttpServer server : List.of(unix, tcp)) {
				assertThatExceptionOfType(GuestAgentException.class)
					.isThrownBy(() -> client(server, TIMEOUT).getTlsKey("s", true, false, true))
					.withMessage("dstack guest agent GetTlsKey failed with HTTP status 500: key provider offline");
			}
		}
	}

	@Test
	void rejectsGarbage() throws Exception {
		try (MiniHttpServer server = MiniHttpServer.unix(this.temp.resolve("e.sock"),
				(request) -> "SSH-2.0-OpenSSH\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
			assertThatExceptionOfType(GuestAgentException.class)
				.isThrownBy(() -> client(server, TIMEOUT).getTlsKey("s", true, false, true))
				.withMessageContaining("malformed HTTP response: bad status line 'SSH-2.0-OpenSSH'");
		}
		try (MiniHttpServer server = MiniHttpServer.unix(this.temp.resolve("f.sock"),
				(request) -> MiniHttpServer.contentLengthResponse(200, "<html>nope</html>"))) {
			assertThatExceptionOfType(GuestAgentException.class)
				.isThrownBy(() -> client(server, TIMEOUT).getTlsKey("s", true, false, true))
				.withMessageContaining("body is not JSON");
		}
		try (MiniHttpServer server = MiniHttpServer.unix(this.temp.resolve("g.sock"),
				(request) -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".getBytes())) {
			assertThatExceptionOfType(GuestAgentException.class)
				.isThrownBy(() -> client(server, TIMEOUT).getTlsKey("s", true, false, true))
				.withMessageContaining("bad chunk size");
		}
		try (MiniHttpServer server = MiniHttpServer.unix(this.temp.resolve("h.sock"),
				(request) -> "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}".getBytes())) {
			assertThatExceptionOfType(GuestAgentException.class)
				.isThrownBy(() -> client(server, TIMEOUT).getTlsKey("s", true, false, true))
				.withMessageContaining("body truncated");
		}
	}

	@Test
	void rejectsUnusableKeyMaterial() throws Exception {
		try (MiniHttpServer server = MiniHttpServer.unix(this.temp.resolve("i.sock"),
				(request) -> MiniHttpServer.contentLengthResponse(200,
						"{\"key\":\"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n\",\"certificate_chain\":[]}"))) {
			assertThatExceptionOfType(GuestAgentException.class)
				.isThrownBy(() -> client(server, TIMEOUT).getTlsKey("s", true, false, true))
				.withMessageContaining("cannot parse GetTlsKey private key")
				.withMessageNotContaining("AAAA");
		}
		TestKeys.SelfSigned client = TestKeys.selfSigned("c5");
		ObjectNode body = new ObjectMapper().createObjectNode().put("key", client.keyPem());
		body.putArray("certificate_chain");
		try (MiniHttpServer server = MiniHttpServer.unix(this.temp.resolve("j.sock"),
				(request) -> MiniHttpServer.contentLengthResponse(200, body.toString()))) {
			assertThatExceptionOfType(GuestAgentException.class)
				.isThrownBy(() -> client(server, TIMEOUT).getTlsKey("s", true, false, true))
				.withMessageContaining("empty certificate chain");
		}
	}

	@Test
	void rejectsOversizedBody() throws Exception {
		String big = "{\"error\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
		try (MiniHttpServer server = MiniHttpServer.unix(this.temp.resolve("k.sock"),
				(request) -> MiniHttpServer.contentLengthResponse(200, big))) {
			assertThatExceptionOfType(GuestAgentException.class)
				.isThrownBy(() -> client(server, TIMEOUT).getTlsKey("s", true, false, true))
				.withMessageContaining("exceeds the 1 MiB limit");
		}
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void silentServerTimesOutOnBothTransports() throws Exception {
		try (MiniHttpServer unix = MiniHttpServer.unix(this.temp.resolve("l.sock"), (request) -> null);
				MiniHttpServer tcp = MiniHttpServer.tcp((request) -> null)) {
			for (MiniHttpServer server : List.of(unix, tcp)) {
				assertThatExceptionOfType(GuestAgentUnavailableException.class)
					.isThrownBy(() -> client(server, Duration.ofMillis(400)).getTlsKey("s", true, false, true))
					.withMessageContaining("no answer within 400ms")
					.withMessageContaining(server.endpoint().replace("unix:", ""));
			}
		}
	}

	@Test
	void missingSocketIsUnavailableWithTheFix() throws Exception {
		Path missing = this.temp.resolve("missing.sock");
		GuestAgentClient client = new GuestAgentClient(GuestAgentEndpoint.of(missing.toString()), TIMEOUT);
		assertThatExceptionOfType(GuestAgentUnavailableException.class)
			.isThrownBy(() -> client.getTlsKey("s", true, false, true))
			.withMessageContaining("unix:" + missing)
			.withMessageContaining("mount /var/run/dstack.sock")
			.withMessageContaining("DSTACK_SIMULATOR_ENDPOINT")
			.withMessageContaining("teesql.dstack.endpoint");
	}

	@Test
	void refusedConnectionsSayConnectionRefused() throws Exception {
		Path stale = this.temp.resolve("stale.sock");
		MiniHttpServer.unix(stale, (request) -> null).closeKeepingSocketFile();
		assertThat(stale).exists();
		GuestAgentClient unix = new GuestAgentClient(GuestAgentEndpoint.of("unix:" + stale), TIMEOUT);
		assertThatExceptionOfType(GuestAgentUnavailableException.class)
			.isThrownBy(() -> unix.getTlsKey("s", true, false, true))
			.withMessageContaining("connection refused");
		int freePort;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			freePort = socket.getLocalPort();
		}
		GuestAgentClient http = new GuestAgentClient(GuestAgentEndpoint.of("http://127.0.0.1:" + freePort), TIMEOUT);
		assertThatExceptionOfType(GuestAgentUnavailableException.class)
			.isThrownBy(() -> http.getTlsKey("s", true, false, true))
			.withMessageContaining("connection refused");
	}

	@Test
	void resolvesEndpoints() throws Exception {
		Path existing = Files.createFile(this.temp.resolve("exists.sock"));
		Path absent = this.temp.resolve("absent.sock");
		List<Path> candidates = List.of(absent, existing);
		assertThat(GuestAgentClient.resolve("http://sim:8090/", Map.of(), candidates))
			.isEqualTo(new GuestAgentEndpoint(GuestAgentEndpoint.Kind.HTTP, "http://sim:8090"));
		assertThat(GuestAgentClient.resolve("unix:/x/y.sock", Map.of(), candidates))
			.isEqualTo(new GuestAgentEndpoint(GuestAgentEndpoint.Kind.UNIX, "/x/y.sock"));
		assertThat(GuestAgentClient.resolve(null, Map.of("DSTACK_SIMULATOR_ENDPOINT", "https://s"), candidates))
			.isEqualTo(new GuestAgentEndpoint(GuestAgentEndpoint.Kind.HTTP, "https://s"));
		assertThat(GuestAgentClient.resolve(" ", Map.of("DSTACK_SIMULATOR_ENDPOINT", "/tmp/d.sock"), candidates))
			.isEqualTo(new GuestAgentEndpoint(GuestAgentEndpoint.Kind.UNIX, "/tmp/d.sock"));
		assertThat(GuestAgentClient.resolve(null, Map.of(), candidates))
			.isEqualTo(new GuestAgentEndpoint(GuestAgentEndpoint.Kind.UNIX, existing.toString()));
		assertThat(GuestAgentClient.resolve(null, Map.of(), List.of(absent)))
			.isEqualTo(new GuestAgentEndpoint(GuestAgentEndpoint.Kind.UNIX, absent.toString()));
		assertThat(GuestAgentClient.DEFAULT_SOCKET_PATHS).map(Path::toString)
			.containsExactly("/var/run/dstack.sock", "/run/dstack.sock", "/var/run/dstack/dstack.sock",
					"/run/dstack/dstack.sock");
	}

}
