package com.teesql.jdbc.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.AttestationExtractor;
import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.errors.GuestAgentUnavailableException;
import com.teesql.jdbc.errors.HandshakeTimeoutException;
import com.teesql.jdbc.errors.MissingAttestationExtensionException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException;
import com.teesql.jdbc.errors.ReportDataBindingException;
import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.errors.TlsNegotiationException;
import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.ManifestInstanceNotAttestedException;
import com.teesql.jdbc.support.GuestAgentFixture;
import com.teesql.jdbc.support.TestKeys;
import com.teesql.jdbc.support.FixtureDcap;
import com.teesql.jdbc.support.TlsTestServer;
import com.teesql.jdbc.support.TlsTestServer.ConnectionRecord;
import com.teesql.jdbc.support.TlsTestServer.Mode;
import com.teesql.testsupport.Await;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RaTlsConnectorTests {

	static final X509Certificate BOUND = TestVectors.certificate("derived/cert_oid18_v0_bound_patched_quote.der");

	static final X509Certificate SIMULATOR = TestVectors.certificate("derived/cert_oid18_v0_simulator_attestation.der");

	static final X509Certificate PLAIN = TestVectors.certificate("derived/cert_plain_no_extension.der");

	/** An app-id pin for connectors whose target never gets as far as attestation. */
	static final AttestationPolicy PINNED = AttestationPolicy.builder().allowedAppIds(List.of(TestVectors.APP_ID)).build();

	@TempDir
	Path temp;

	private GuestAgentFixture guestAgent;

	private PrivateKey serverKey;

	private TlsTestServer server;

	@BeforeEach
	void startGuestAgent() throws Exception {
		this.guestAgent = GuestAgentFixture.start(this.temp);
		this.serverKey = TestKeys.derivedVectorKey();
	}

	@AfterEach
	void stop() throws Exception {
		if (this.server != null) {
			this.server.close();
		}
		this.guestAgent.close();
	}

	private RaTlsConnector connector(String host, Consumer<RaTlsConnectorConfig.Builder> customizer) throws Exception {
		RaTlsConnectorConfig.Builder builder = RaTlsConnectorConfig.builder(host, this.server.port())
			.dstackEndpoint(this.guestAgent.endpoint())
			.verifier(VerifierKind.NONE)
			// The vector certificates are self-signed and attest no app-id: their identity pin is the certificate.
			.kmsRootCa(this.server.certificate());
		customizer.accept(builder);
		return new RaTlsConnector(builder.build());
	}

	private RaTlsConnector connector(QuoteVerifier quoteVerifier) throws Exception {
		return RaTlsConnector.builder(RaTlsConnectorConfig.builder("127.0.0.1", this.server.port())
			.dstackEndpoint(this.guestAgent.endpoint())
			.kmsRootCa(this.server.certificate())
			.build()).quoteVerifier(quoteVerifier).build();
	}

	private RaTlsConnector connector(Consumer<RaTlsConnectorConfig.Builder> customizer) throws Exception {
		return connector("127.0.0.1", customizer);
	}

	@Test
	void acceptsBoundCertificateOverDirectTlsWithClientCertificateAndSni() throws Exception {
		this.server = TlsTestServer.start(this.serverKey, BOUND, Mode.DIRECT);
		try (RaTlsConnector connector = connector("localhost", (b) -> {
		})) {
			assertThat(connector.lastResult()).isEmpty();
			try (Socket socket = connector.connect()) {
				assertThat(socket).isInstanceOf(SSLSocket.class);
				assertThat(socket.isConnected()).isTrue();
				assertThat(socket.getTcpNoDelay()).isTrue();
				assertThat(((SSLSocket) socket).getSession().getProtocol()).isEqualTo("TLSv1.3");
				assertThat(((SSLSocket) socket).getApplicationProtocol()).isEmpty();
				OutputStream out = socket.getOutputStream();
				out.write("hello".getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			ConnectionRecord record = this.server.awaitConnection(0);
			assertThat(record.firstByte).isEqualTo(0x16);
			assertThat(record.clientChain[0]).isEqualTo(this.guestAgent.clientCertificate().certificate());
			assertThat(record.requestedServerNames).containsExactly(new SNIHostName("localhost"));
			assertThat(record.applicationBytes.get()).isEqualTo(5);
			AttestationResult result = connector.lastResult().orElseThrow();
			assertThat(result.simulator()).isFalse();
			assertThat(result.verifierName()).isEqualTo("none");
			assertThat(result.tcbStatus()).isEqualTo("Unverified");
			assertThat(result.mrtd()).hasSize(96);
			assertThat(connector.verificationCount()).isEqualTo(1);
		}
	}

	@Test
	void fetchesTheClientCertificateOnceAndSendsNoSniForIpLiterals() throws Exception {
		this.server = TlsTestServer.start(this.serverKey, BOUND, Mode.DIRECT);
		try (RaTlsConnector connector = connector((b) -> {
		})) {
			connector.connect().close();
			connector.connect().close();
			assertThat(this.server.awaitConnection(1).requestedServerNames).isEmpty();
			assertThat(this.guestAgent.server().requests()).hasSize(1);
			assertThat(connector.verificationCount()).isEqualTo(2);
		}
	}

	@Test
	void everyConnectionRunsAFullHandshakeAndIsVerifiedNoSessionIsResumed() throws Exception {
		// The JDK server issues TLS 1.3 session tickets; the connector's one TLS context per client certificate
		// must still never resume: a resumed handshake presents no certificate, so attestation would be skipped.
		this.server = TlsTestServer.start(this.serverKey, BOUND, Mode.DIRECT);
		try (RaTlsConnector connector = connector((b) -> b.cacheTtl(Duration.ZERO))) {
			for (int i = 0; i < 3; i++) {
				try (Socket socket = connector.connect()) {
					socket.getOutputStream().write(i);
					socket.getOutputStream().flush();
				}
				assertThat(this.server.awaitConnection(i).clientChain[0])
					.isEqualTo(this.guestAgent.clientCertificate().certificate());
			}
			// Cache TTL zero: every connection verified its own, captured server certificate.
			assertThat(connector.verificationCount()).isEqualTo(3);
			assertThat(connector.verificationCache().hits()).isZero();
		}
	}

	@Test
	void bouncyCastleJsseAddsNoNoiseToTheApplicationLog() throws Exception {
		java.util.logging.Logger jsse = java.util.logging.Logger.getLogger("org.bouncycastle.jsse.provider");
		List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
		java.util.logging.Handler handler = new java.util.logging.Handler() {
			@Override
			public void publish(java.util.logging.LogRecord logRecord) {
				if (logRecord.getLevel().intValue() >= java.util.logging.Level.INFO.intValue()) {
					records.add(logRecord);
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		jsse.addHandler(handler);
		try {
			this.server = TlsTestServer.start(this.serverKey, SIMULATOR, Mode.DIRECT);
			try (RaTlsConnector connector = connector((b) -> {
			})) {
				// A new context (new connector), a full handshake and a refused one: none of it logged by the
				// TLS library; the connector's exception says what happened.
				assertThatExceptionOfType(TeeSqlException.class).isThrownBy(connector::connect);
			}
			assertThat(records).extracting(java.util.logging.LogRecord::getMessage).isEmpty();
		}
		finally {
			jsse.removeHandler(handler);
		}
	}

	@Test
	void refusesSimulatorAttestationBecauseTheQuoteDoesNotBindTheKey() throws Exception {
		this.server = TlsTestServer.start(this.serverKey, SIMULATOR, Mode.DIRECT);
		try (RaTlsConnector connector = connector((b) -> b.allowSimulator(true))) {
			assertThatExceptionOfType(ReportDataBindingException.class).isThrownBy(connector::connect);
			assertNothingSentAfterHandshake(this.server.awaitConnection(0));
			assertThat(connector.lastResult()).isEmpty();
			assertThat(connector.verificationCount()).isZero();
		}
	}

	@Test
	void refusesPlainCertificateUnlessSimulatorsAreAllowed() throws Exception {
		this.server = TlsTestServer.start(this.serverKey, PLAIN, Mode.DIRECT);
		try (RaTlsConnector connector = connector((b) -> {
		})) {
			assertThatExceptionOfType(MissingAttestationExtensionException.class).isThrownBy(connector::connect)
				.withMessage("upstream cert has no TDX attestation extension; set teesql.allow-simulator=true for "
						+ "non-TEE targets")
				.satisfies((ex) -> assertThat(ex.target()).isEqualTo("127.0.0.1:" + this.server.port()));
			assertNothingSentAfterHandshake(this.server.awaitConnection(0));
		}
		try (RaTlsConnector connector = connector((b) -> b.allowSimulator(true).verifier(VerifierKind.DCAP))) {
			connector.connect().close();
			assertThat(connector.lastResult().orElseThrow().simulator()).isTrue();
		}
	}

	@Test
	void manifestModeRefusesAServerAcceptedWithoutAttestation() throws Exception {
		// Simulator mode accepts the plain certificate, but nothing in it says which instance it is.
		this.server = TlsTestServer.start(this.serverKey, PLAIN, Mode.DIRECT);
		LeaderManifest manifest = manifestFor("ab".repeat(20));
		try (RaTlsConnector connector = connector((b) -> b.allowSimulator(true).policy(AttestationPolicy.DEFAULT.forLeader(manifest)))) {
			assertThatExceptionOfType(ManifestInstanceNotAttestedException.class).isThrownBy(connector::connect)
				.withMessageStartingWith("manifest names leader_instance " + "ab".repeat(20)
						+ " but the server attested no instance-id (certificate without attestation, accepted because "
						+ "teesql.allow-simulator=true)");
			assertNothingSentAfterHandshake(this.server.awaitConnection(0));
			assertThat(connector.verificationCount()).isZero();
		}
	}

	@Test
	void manifestModeRefusesAnAttestedServerWithoutInstanceIdEvent() throws Exception {
		// The vector's .1.8 envelope binds the key but carries no instance-id runtime event.
		this.server = TlsTestServer.start(this.serverKey, BOUND, Mode.DIRECT);
		assertThat(AttestationExtractor.extract(BOUND).orElseThrow().attestation().orElseThrow().instanceId())
			.isEmpty();
		try (RaTlsConnector connector = connector(
				(b) -> b.policy(AttestationPolicy.DEFAULT.forLeader(manifestFor("cd".repeat(20)))))) {
			assertThatExceptionOfType(ManifestInstanceNotAttestedException.class).isThrownBy(connector::connect)
				.withMessageContaining("(no instance-id runtime event: a legacy 1.3.6.1.4.1.62397.1.1 certificate or "
						+ "a 1.3.6.1.4.1.62397.1.8 one without the event)");
			assertNothingSentAfterHandshake(this.server.awaitConnection(0));
		}
		try (RaTlsConnector connector = connector((b) -> {
		})) {
			connector.connect().close();
		}
	}

	private static LeaderManifest manifestFor(String leaderInstance) {
		return new LeaderManifest("0x" + "12".repeat(20), 3, leaderInstance, "https://127.0.0.1:5433", "1",
				Long.MAX_VALUE, "0x" + "00".repeat(65), "0x" + "34".repeat(20));
	}

	@Test
	void dcapRefusesAReplayedQuoteBeforeAnyByteIsSent(@TempDir Path tempDir) throws Exception {
		this.server = TlsTestServer.start(this.serverKey, BOUND, Mode.DIRECT);
		try (RaTlsConnector connector = connector(FixtureDcap.verifier(tempDir))) {
			assertThatExceptionOfType(DcapVerificationException.class).isThrownBy(connector::connect)
				.withMessageContaining("signature");
			assertNothingSentAfterHandshake(this.server.awaitConnection(0));
		}
	}

	@Test
	void appliesThePolicy() throws Exception {
		this.server = TlsTestServer.start(this.serverKey, BOUND, Mode.DIRECT);
		AttestationPolicy policy = AttestationPolicy.builder().allowedMrtd("ab".repeat(48)).build();
		try (RaTlsConnector connector = connector((b) -> b.policy(policy))) {
			assertThatExceptionOfType(MrtdNotAllowedException.class).isThrownBy(connector::connect);
			assertNothingSentAfterHandshake(this.server.awaitConnection(0));
		}
	}

	@Test
	void handshakeTimeoutBoundsTheWholeHandshake() throws Exception {
		this.server = TlsTestServer.start(this.serverKey, BOUND, Mode.SILENT);
		try (RaTlsConnector connector = connector((b) -> b.handshakeTimeout(Duration.ofMillis(300)))) {
			// The exception says the handshake deadline fired (not a read timeout, not the peer); how close to 300 ms
			// it fires is a benchmark's claim, not a test's.
			assertThatExceptionOfType(HandshakeTimeoutException.class).isThrownBy(connector::connect)
				.withMessage("upstream TLS handshake timed out after 300ms");
			assertThat(this.server.awaitConnection(0).handshakeCompleted).isFalse();
		}
	}

	@Test
	void handshakeTimeoutAlsoCoversTheSslRequest() throws Exception {
		this.server = TlsTestServer.start(this.serverKey, BOUND, Mode.SILENT);
		try (RaTlsConnector connector = connector(
				(b) -> b.handshakeTimeout(Duration.ofMillis(300)).sslNegotiation(SslNegotiation.POSTGRES))) {
			assertThatExceptionOfType(HandshakeTimeoutException.class).isThrownBy(connector::connect)
				.withMessage("upstream TLS handshake timed out after 300ms");
		}
	}

	@Test
	void sslRequestNegotiationThenTls() throws Exception {
		this.server = TlsTestServer.start(this.serverKey, BOUND, Mode.SSL_REQUEST_ACCEPT);
		try (RaTlsConnector connector = connector((b) -> b.sslNegotiation(SslNegotiation.POSTGRES))) {
			connector.connect().close();
			ConnectionRecord record = this.server.awaitConnection(0);
			assertThat(record.sslRequestReceived).isTrue();
			assertThat(record.handshakeCompleted).isTrue();
			assertThat(connector.verificationCount()).isEqualTo(1);
		}
	}

	@Test
	void sslRequestRefusedByServer() throws Exception {
		this.server = TlsTestServer.start(this.serverKey, BOUND, Mode.SSL_REQUEST_REFUSE);
		try (RaTlsConnector connector = connector((b) -> b.sslNegotiation(SslNegotiation.POSTGRES))) {
			assertThatExceptionOfType(TlsNegotiationException.class).isThrownBy(connector::connect)
				.withMessageContaining("server refused TLS during SSLRequest handshake (replied 'N')");
		}
	}

	@Test
	void unexpectedSslRequestReplyAndNonTlsPeers() throws Exception {
		try (ServerSocket raw = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
			Thread peer = new Thread(() -> {
				for (int i = 0; i < 2; i++) {
					try (Socket socket = raw.accept()) {
						socket.getInputStream().readNBytes(5);
						socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
						socket.getOutputStream().flush();
						// The reply stays readable until the client hangs up (a reset is hanging up too).
						try {
							socket.getInputStream().transferTo(OutputStream.nullOutputStream());
						}
						catch (IOException ex) {
							// the client reset the connection
						}
					}
					catch (Exception ex) {
						return;
					}
				}
			});
			peer.setDaemon(true);
			peer.start();
			RaTlsConnectorConfig.Builder config = RaTlsConnectorConfig.builder("127.0.0.1", raw.getLocalPort())
				.dstackEndpoint(this.guestAgent.endpoint())
				.verifier(VerifierKind.NONE)
				.policy(PINNED);
			try (RaTlsConnector connector = new RaTlsConnector(config.sslNegotiation(SslNegotiation.POSTGRES).build())) {
				assertThatExceptionOfType(TlsNegotiationException.class).isThrownBy(connector::connect)
					.withMessage("unexpected SSLRequest reply byte: 0x48");
			}
			try (RaTlsConnector connector = new RaTlsConnector(config.sslNegotiation(SslNegotiation.DIRECT).build())) {
				assertThatExceptionOfType(TlsNegotiationException.class).isThrownBy(connector::connect)
					.withMessageStartingWith("upstream TLS handshake failed: unexpected_message")
					.withCauseInstanceOf(org.bouncycastle.tls.TlsFatalAlert.class);
			}
		}
	}

	@Test
	void refusedTcpConnection() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		RaTlsConnectorConfig config = RaTlsConnectorConfig.builder("127.0.0.1", port)
			.dstackEndpoint(this.guestAgent.endpoint())
			.verifier(VerifierKind.NONE)
			.policy(PINNED)
			.build();
		try (RaTlsConnector connector = new RaTlsConnector(config)) {
			assertThatExceptionOfType(TeeSqlException.class).isThrownBy(connector::connect)
				.withMessageStartingWith("upstream TCP connect to 127.0.0.1:" + port + " failed: ");
		}
	}

	@Test
	void guestAgentFailureHappensBeforeAnyTcpConnection() throws Exception {
		this.server = TlsTestServer.start(this.serverKey, BOUND, Mode.DIRECT);
		try (RaTlsConnector connector = connector(
				(b) -> b.dstackEndpoint(this.temp.resolve("nothing-here.sock").toString()))) {
			assertThatExceptionOfType(GuestAgentUnavailableException.class).isThrownBy(connector::connect);
			// A probe connects after the failure: the server accepts in arrival order, so if the connector had
			// opened a TCP connection, the server would have accepted it before the probe's.
			try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), this.server.port())) {
				Await.until("the server accepted the probe", () -> !this.server.connections().isEmpty());
			}
			assertThat(this.server.connections()).hasSize(1);
		}
	}

	@Test
	void closedConnectorRefusesToConnect() throws Exception {
		this.server = TlsTestServer.start(this.serverKey, BOUND, Mode.DIRECT);
		RaTlsConnector connector = connector((b) -> {
		});
		connector.close();
		assertThatExceptionOfType(TeeSqlException.class).isThrownBy(connector::connect).withMessageContaining("closed");
	}

	@Test
	void configValidatesAndHidesNothingSecret() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> RaTlsConnectorConfig.builder("h", 0).build())
			.withMessageContaining("port");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> RaTlsConnectorConfig.builder("h", 5433).handshakeTimeout(Duration.ZERO).build())
			.withMessageContaining("handshakeTimeout");
		RaTlsConnectorConfig config = RaTlsConnectorConfig.builder("h", 5433).build();
		assertThat(config.sslNegotiation()).isEqualTo(SslNegotiation.DIRECT);
		assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(config.dstackTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(config.verifier().kind()).isEqualTo(VerifierKind.DCAP);
		assertThat(config.allowSimulator()).isFalse();
		assertThat(config.toString()).contains("host=h", "port=5433");
	}

	static void assertNothingSentAfterHandshake(ConnectionRecord record) {
		assertThat(record.handshakeCompleted).as("TLS handshake completed").isTrue();
		assertThat(record.applicationBytes.get()).as("application bytes after a refusal").isZero();
	}

}
