package com.teesql.devcluster.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.teesql.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

@Timeout(60)
class LocalHttpServerTests {

	private Path directory;

	private Path socketPath;

	private LocalHttpServer server;

	private InetSocketAddress tcpAddress;

	@BeforeEach
	void start() throws IOException {
		this.directory = Files.createTempDirectory(Path.of("/tmp"), "tsql-http");
		this.socketPath = this.directory.resolve("s.sock");
		HttpRoutes routes = new HttpRoutes()
			.add("POST", "/echo", (request) -> LocalHttpResponse.json(200,
					Map.of("length", request.body().length, "body", request.bodyAsString(), "query",
							String.valueOf(request.query()))))
			.add("GET", "/hello", (request) -> LocalHttpResponse.text(200, "hi"))
			.add("GET", "/bad", (request) -> {
				throw new HttpStatusException(400, "you asked for it");
			})
			.add("GET", "/boom", (request) -> {
				throw new IllegalStateException("secret-internal-detail");
			});
		this.server = new LocalHttpServer("test", routes, Duration.ofMillis(1500), 4);
		this.tcpAddress = this.server.listenOnLoopback();
		this.server.listenOnUnixSocket(this.socketPath);
	}

	@AfterEach
	void stop() throws IOException {
		this.server.close();
		Files.deleteIfExists(this.socketPath);
		Files.deleteIfExists(this.directory);
	}

	enum Transport {

		TCP, UNIX

	}

	private SocketAddress address(Transport transport) {
		return (transport == Transport.TCP) ? this.tcpAddress : UnixDomainSocketAddress.of(this.socketPath);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void servesJsonWithContentLengthAndConnectionClose(Transport transport) throws IOException {
		SocketAddress address = address(transport);
		RawHttpClient.Response response = RawHttpClient.post(address, "/echo?x=1", "{\"a\":\"é\"}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(response.header("Connection")).isEqualTo("close");
		assertThat(Integer.parseInt(response.header("Content-Length")))
			.isEqualTo(response.body().getBytes(StandardCharsets.UTF_8).length);
		assertThat(response.body()).contains("\"length\":10").contains("\"query\":\"x=1\"");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void unknownPathIs404AndWrongMethodIs405(Transport transport) throws IOException {
		SocketAddress address = address(transport);
		assertThat(RawHttpClient.exchange(address, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(404);
		RawHttpClient.Response wrongMethod = RawHttpClient.exchange(address,
				"DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(wrongMethod.status()).isEqualTo(405);
		assertThat(wrongMethod.header("Allow")).isEqualTo("GET");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void malformedRequestsAre400(Transport transport) throws IOException {
		SocketAddress address = address(transport);
		assertThat(RawHttpClient.exchange(address, "this is not http\r\n\r\n").status()).isEqualTo(400);
		assertThat(RawHttpClient.exchange(address, "GET /hello HTTP/1.1\r\nno colon here\r\n\r\n").status())
			.isEqualTo(400);
		RawHttpClient.Response badLength = RawHttpClient.exchange(address,
				"POST /echo HTTP/1.1\r\nContent-Length: -5\r\n\r\n");
		assertThat(badLength.status()).isEqualTo(400);
		assertThat(badLength.body()).contains("Content-Length").contains("-5");
		assertThat(RawHttpClient.exchange(address,
				"POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort").status())
			.isEqualTo(400);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void oversizedBodyIs413WithoutReadingIt(Transport transport) throws IOException {
		SocketAddress address = address(transport);
		RawHttpClient.Response response = RawHttpClient.exchange(address,
				"POST /echo HTTP/1.1\r\nContent-Length: " + (LocalHttpServer.MAX_BODY_BYTES + 1) + "\r\n\r\nabc");
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.body()).contains(String.valueOf(LocalHttpServer.MAX_BODY_BYTES + 1));
	}

	@Test
	void bodyOfExactlyTheLimitIsAccepted() throws IOException {
		String body = "x".repeat(LocalHttpServer.MAX_BODY_BYTES);
		RawHttpClient.Response response = RawHttpClient.post(this.tcpAddress, "/echo", body);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("\"length\":" + LocalHttpServer.MAX_BODY_BYTES);
	}

	@Test
	void chunkedTransferEncodingIsNotImplemented() throws IOException {
		RawHttpClient.Response response = RawHttpClient.exchange(this.tcpAddress,
				"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
		assertThat(response.status()).isEqualTo(501);
	}

	@Test
	void handlerErrorsBecomeJsonErrorsWithoutInternalDetails() throws IOException {
		RawHttpClient.Response bad = RawHttpClient.exchange(this.tcpAddress, "GET /bad HTTP/1.1\r\n\r\n");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).isEqualTo("{\"error\":\"you asked for it\"}");
		RawHttpClient.Response boom = RawHttpClient.exchange(this.tcpAddress, "GET /boom HTTP/1.1\r\n\r\n");
		assertThat(boom.status()).isEqualTo(500);
		assertThat(boom.body()).doesNotContain("secret-internal-detail");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void silentClientIsCutOffAtTheDeadline(Transport transport) throws IOException {
		SocketAddress address = address(transport);
		try (SocketChannel channel = RawHttpClient.open(address)) {
			channel.write(ByteBuffer.wrap("GET /hello HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)));
			// 408 is what the deadline sends (a handler or a closing server answer otherwise); when it fires is the
			// deadline channel's business, not a wall-clock assertion's.
			RawHttpClient.Response response = RawHttpClient.readAll(channel);
			assertThat(response.status()).isEqualTo(408);
		}
	}

	@Test
	void jdkHttpClientHandlesConcurrentRequests() throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < 32; i++) {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.tcpAddress.getPort() + "/echo"))
				.POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}"))
				.timeout(Duration.ofSeconds(20))
				.build();
			responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
		}
		for (int i = 0; i < responses.size(); i++) {
			HttpResponse<String> response = responses.get(i).get();
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("{\\\"n\\\":" + i + "}");
		}
	}

	@Test
	void closeStopsBothListenersAndDeletesTheSocketFile() throws IOException {
		assertThat(this.socketPath).exists();
		this.server.close();
		assertThat(this.socketPath).doesNotExist();
		assertThatIOException().isThrownBy(() -> RawHttpClient.open(UnixDomainSocketAddress.of(this.socketPath)));
		assertThatIOException().isThrownBy(() -> RawHttpClient.open(this.tcpAddress));
	}

	@Test
	void closeInterruptsAConnectionInProgress() throws Exception {
		try (SocketChannel channel = RawHttpClient.open(this.tcpAddress)) {
			channel.write(ByteBuffer.wrap("GET /hel".getBytes(StandardCharsets.US_ASCII)));
			Await.until("the server holds the connection", () -> this.server.openConnections() == 1);
			this.server.close();
			// Nothing to read: a server that waited for the request deadline (1.5 s) would have answered 408.
			channel.configureBlocking(true);
			ByteBuffer buffer = ByteBuffer.allocate(64);
			int read;
			try {
				read = channel.read(buffer);
			}
			catch (IOException ex) {
				read = -1;
			}
			assertThat(read).isEqualTo(-1);
		}
	}

}
