package com.teesql.jdbc.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.errors.GuestAgentException;
import com.teesql.jdbc.errors.TlsNegotiationException;
import com.teesql.jdbc.support.MiniHttpServer;
import com.teesql.jdbc.support.TestKeys;
import com.teesql.jdbc.support.TlsTestServer;
import com.teesql.jdbc.support.TlsTestServer.Mode;
import com.teesql.testsupport.Await;
import com.teesql.testsupport.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Renewal of the guest agent's client certificate, over real TLS to a local server and a real guest-agent HTTP
 * server on a Unix socket, with a settable clock and a scheduler the test runs by hand.
 */
class ClientCertificateRenewalTests {

	private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

	private static final Duration LIFETIME = Duration.ofMinutes(90);

	@TempDir
	Path temp;

	private final SettableClock clock = new SettableClock(T0);

	private final ManualScheduler scheduler = new ManualScheduler();

	private final IssuingGuestAgent agent = new IssuingGuestAgent();

	private MiniHttpServer agentServer;

	private TlsTestServer server;

	@BeforeEach
	void start() throws Exception {
		this.agentServer = MiniHttpServer.unix(this.temp.resolve("dstack.sock"), this.agent::answer);
	}

	@AfterEach
	void stop() throws Exception {
		if (this.server != null) {
			this.server.close();
		}
		this.agentServer.close();
	}

	private RaTlsConnector connector(int port) throws Exception {
		RaTlsConnectorConfig config = RaTlsConnectorConfig.builder("127.0.0.1", port)
			.dstackEndpoint(this.agentServer.endpoint())
			.verifier(VerifierKind.NONE)
			// What is under test is the client's own certificate, not the server's identity.
			.requireIdentity(false)
			.build();
		return RaTlsConnector.builder(config).clock(this.clock).refreshScheduler(this.scheduler).build();
	}

	private X509Certificate presented(int connection) throws InterruptedException {
		return this.server.awaitConnection(connection).clientChain[0];
	}

	@Test
	void renewsInTheBackgroundBeforeExpiryWhileConnectionsGoOnWithTheCurrentCertificate() throws Exception {
		this.server = TlsTestServer.start(TestKeys.derivedVectorKey(), RaTlsConnectorTests.BOUND, Mode.DIRECT);
		try (RaTlsConnector connector = connector(this.server.port())) {
			connector.connect().close();
			X509Certificate first = presented(0);
			assertThat(connector.clientCertificate()).contains(first);
			assertThat(this.scheduler.delays()).as("renewal once two thirds of the validity have passed")
				.containsExactly(Duration.ofMinutes(60));

			this.clock.advance(Duration.ofMinutes(60));
			CountDownLatch release = this.agent.blockNextAnswer();
			Thread renewal = this.scheduler.runNextInBackground();
			this.agent.awaitRequests(2);
			// The guest agent is still answering the renewal: connections neither wait nor change certificate.
			connector.connect().close();
			assertThat(presented(1)).isEqualTo(first);
			release.countDown();
			renewal.join(TimeUnit.SECONDS.toMillis(10));
			assertThat(renewal.isAlive()).isFalse();

			connector.connect().close();
			X509Certificate second = presented(2);
			assertThat(second).isNotEqualTo(first);
			assertThat(connector.clientCertificate()).contains(second);
			assertThat(second.getNotAfter().toInstant()).isEqualTo(T0.plus(Duration.ofMinutes(60)).plus(LIFETIME));
			assertThat(this.scheduler.delays()).last().isEqualTo(Duration.ofMinutes(60));
			assertThat(this.agent.requests()).isEqualTo(2);
		}
	}

	@Test
	void failedRenewalKeepsTheStillValidCertificateAndRetries() throws Exception {
		this.server = TlsTestServer.start(TestKeys.derivedVectorKey(), RaTlsConnectorTests.BOUND, Mode.DIRECT);
		try (RaTlsConnector connector = connector(this.server.port())) {
			connector.connect().close();
			X509Certificate first = presented(0);
			this.clock.advance(Duration.ofMinutes(60));
			this.agent.failing(true);
			this.scheduler.runNext();

			connector.connect().close();
			assertThat(presented(1)).as("still valid, so still used").isEqualTo(first);
			assertThat(this.agent.requests()).isEqualTo(2);
			assertThat(this.scheduler.delays()).as("retry after a quarter of the remaining validity, at most 1 min")
				.last()
				.isEqualTo(Duration.ofMinutes(1));

			this.agent.failing(false);
			this.scheduler.runNext();
			connector.connect().close();
			assertThat(presented(2)).isNotEqualTo(first);
		}
	}

	@Test
	void anExpiredCertificateIsReplacedBeforeTheHandshakeAndNeverPresented() throws Exception {
		this.server = TlsTestServer.start(TestKeys.derivedVectorKey(), RaTlsConnectorTests.BOUND, Mode.DIRECT);
		try (RaTlsConnector connector = connector(this.server.port())) {
			connector.connect().close();
			X509Certificate first = presented(0);
			this.agent.failing(true);
			this.clock.advance(LIFETIME);

			assertThatExceptionOfType(GuestAgentException.class).isThrownBy(connector::connect)
				.withMessageContaining("HTTP status 500");
			assertThat(this.server.connections()).as("no connection with an expired certificate").hasSize(1);

			this.agent.failing(false);
			connector.connect().close();
			assertThat(presented(1)).isNotEqualTo(first);
			assertThat(presented(1).getNotBefore().toInstant()).isEqualTo(T0.plus(LIFETIME));
		}
	}

	@Test
	void closingTheConnectorCancelsTheRenewal() throws Exception {
		this.server = TlsTestServer.start(TestKeys.derivedVectorKey(), RaTlsConnectorTests.BOUND, Mode.DIRECT);
		RaTlsConnector connector = connector(this.server.port());
		connector.connect().close();
		Future<?> renewal = this.scheduler.futures.get(0);
		assertThat(renewal.isCancelled()).isFalse();
		connector.close();
		assertThat(renewal.isCancelled()).isTrue();
	}

	@Test
	void aHandshakeRefusingTheClientCertificateReplacesItForTheNextConnection() throws Exception {
		try (RefusingServer refusing = new RefusingServer(1); RaTlsConnector connector = connector(refusing.port())) {
			assertThatExceptionOfType(TlsNegotiationException.class).isThrownBy(connector::connect)
				.withMessageContaining("certificate");
			assertThat(this.agent.requests()).as("a new certificate was fetched at once").isEqualTo(2);
			connector.connect().close();
			assertThat(refusing.presented).hasSize(2);
			assertThat(refusing.presented.get(1)).isNotEqualTo(refusing.presented.get(0));
			assertThat(connector.clientCertificate()).contains(refusing.presented.get(1));
		}
	}

	@Test
	void onlyAlertsAboutTheClientCertificateCountAsRefusals() {
		assertThat(ClientCertificateSource.refusesClientCertificate(
				new IOException("wrapped", new javax.net.ssl.SSLHandshakeException("Received fatal alert: certificate_expired"))))
			.isTrue();
		for (String alert : List.of("bad_certificate", "certificate_unknown", "certificate_revoked",
				"unsupported_certificate", "certificate_required")) {
			assertThat(ClientCertificateSource.refusesClientCertificate(
					new javax.net.ssl.SSLHandshakeException("Received fatal alert: " + alert)))
				.as(alert)
				.isTrue();
		}
		assertThat(ClientCertificateSource.refusesClientCertificate(
				new javax.net.ssl.SSLHandshakeException("Received fatal alert: handshake_failure")))
			.isFalse();
		assertThat(ClientCertificateSource.refusesClientCertificate(new IOException("Connection reset"))).isFalse();
		// The connector's own sockets (BouncyCastle's JSSE) report a received alert as an exception type.
		for (short alert : new short[] { AlertDescription.bad_certificate, AlertDescription.certificate_expired,
				AlertDescription.certificate_unknown, AlertDescription.certificate_revoked,
				AlertDescription.unsupported_certificate, AlertDescription.certificate_required }) {
			assertThat(ClientCertificateSource.refusesClientCertificate(
					new IOException("wrapped", new TlsFatalAlertReceived(alert))))
				.as(AlertDescription.getText(alert))
				.isTrue();
		}
		assertThat(ClientCertificateSource
			.refusesClientCertificate(new TlsFatalAlertReceived(AlertDescription.handshake_failure))).isFalse();
		// An alert this client raised about the server's certificate is not the server refusing ours.
		assertThat(ClientCertificateSource
			.refusesClientCertificate(new TlsFatalAlert(AlertDescription.bad_certificate))).isFalse();
	}

	/**
	 * Issues a fresh self-signed certificate per request, valid from the settable clock's now for {@link #LIFETIME}.
	 */
	private final class IssuingGuestAgent {

		private final AtomicInteger requests = new AtomicInteger();

		private volatile boolean failing;

		private final AtomicReference<CountDownLatch> block = new AtomicReference<>();

		byte[] answer(MiniHttpServer.Request request) {
			this.requests.incrementAndGet();
			CountDownLatch latch = this.block.getAndSet(null);
			try {
				if (latch != null && !latch.await(10, TimeUnit.SECONDS)) {
					throw new IllegalStateException("not released");
				}
				if (this.failing) {
					return MiniHttpServer.contentLengthResponse(500, "{\"error\":\"unavailable\"}");
				}
				Instant now = ClientCertificateRenewalTests.this.clock.instant();
				TestKeys.SelfSigned issued = TestKeys.selfSigned("teesql-jdbc", Date.from(now),
						Date.from(now.plus(LIFETIME)));
				ObjectNode body = new ObjectMapper().createObjectNode();
				body.put("key", issued.keyPem());
				body.putArray("certificate_chain").add(issued.certificatePem());
				return MiniHttpServer.contentLengthResponse(200, body.toString());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		CountDownLatch blockNextAnswer() {
			CountDownLatch latch = new CountDownLatch(1);
			this.block.set(latch);
			return latch;
		}

		void awaitRequests(int count) throws InterruptedException {
			Await.until(count + " guest-agent requests", () -> this.requests.get() >= count);
		}

		int requests() {
			return this.requests.get();
		}

		void failing(boolean value) {
			this.failing = value;
		}

	}

	/**
	 * Runs scheduled renewals only when the test says so.
	 */
	private static final class ManualScheduler implements RefreshScheduler {

		private final List<Duration> delays = new CopyOnWriteArrayList<>();

		private final List<FutureTask<?>> futures = new CopyOnWriteArrayList<>();

		private int next;

		@Override
		public Future<?> schedule(Runnable task, Duration delay) {
			FutureTask<?> future = new FutureTask<>(task, null);
			this.delays.add(delay);
			this.futures.add(future);
			return future;
		}

		List<Duration> delays() {
			return new ArrayList<>(this.delays);
		}

		void runNext() {
			this.futures.get(this.next++).run();
		}

		Thread runNextInBackground() {
			FutureTask<?> task = this.futures.get(this.next++);
			Thread thread = new Thread(task, "manual-renewal");
			thread.start();
			return thread;
		}

	}

	/**
	 * A TLS 1.2 server (where a refused client certificate fails the handshake itself) that refuses the first
	 * {@code refusals} client certificates with the alert the JDK sends for an untrusted certificate.
	 */
	private static final class RefusingServer implements AutoCloseable {

		final List<X509Certificate> presented = new CopyOnWriteArrayList<>();

		private final ServerSocket socket;

		private final SSLContext context;

		RefusingServer(int refusals) throws Exception {
			PrivateKey key = TestKeys.derivedVectorKey();
			KeyStore keys = KeyStore.getInstance("PKCS12");
			keys.load(null, null);
			keys.setKeyEntry("server", key, "test".toCharArray(), new Certificate[] { RaTlsConnectorTests.BOUND });
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keys, "test".toCharArray());
			AtomicInteger remaining = new AtomicInteger(refusals);
			X509TrustManager trust = new X509TrustManager() {

				@Override
				public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
					RefusingServer.this.presented.add(chain[0]);
					if (remaining.getAndDecrement() > 0) {
						throw new CertificateException("client certificate refused by the test");
					}
				}

				@Override
				public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
					throw new CertificateException("server side only");
				}

				@Override
				public X509Certificate[] getAcceptedIssuers() {
					return new X509Certificate[0];
				}

			};
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keyManagers.getKeyManagers(), new TrustManager[] { trust }, null);
			this.context = context;
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(this::accept, "refusing-tls-server");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		private void accept() {
			while (!this.socket.isClosed()) {
				try (Socket plain = this.socket.accept()) {
					plain.setSoTimeout(10_000);
					// Layered without auto-close: after a refusal the plain socket is drained until the client
					// closes, so the client reads the alert instead of a reset.
					SSLSocket ssl = (SSLSocket) this.context.getSocketFactory().createSocket(plain, null, false);
					ssl.setUseClientMode(false);
					ssl.setEnabledProtocols(new String[] { "TLSv1.2" });
					ssl.setNeedClientAuth(true);
					try {
						ssl.startHandshake();
					}
					catch (IOException refused) {
						plain.getInputStream().transferTo(OutputStream.nullOutputStream());
					}
				}
				catch (IOException ex) {
					// The next client is served.
				}
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
