package com.teesql.jdbc.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import com.teesql.testsupport.Await;

/**
 * A real TLS server on 127.0.0.1 standing in for the TeeSQL sidecar's RA-TLS listener. It requires a client
 * certificate, records what each connection did, and counts application bytes received after the handshake.
 */
public final class TlsTestServer implements AutoCloseable {

	/** How the server starts TLS. */
	public enum Mode {

		DIRECT, SSL_REQUEST_ACCEPT, SSL_REQUEST_REFUSE, SILENT

	}

	/** What happens after a successful handshake. */
	@FunctionalInterface
	public interface SessionHandler {

		void handle(SSLSocket socket, ConnectionRecord record) throws IOException;

	}

	private static final byte[] SSL_REQUEST = { 0x00, 0x00, 0x00, 0x08, 0x04, (byte) 0xD2, 0x16, 0x2F };

	private final ServerSocket serverSocket;

	private final SSLContext sslContext;

	private final Mode mode;

	private final SessionHandler sessionHandler;

	private final List<ConnectionRecord> connections = new CopyOnWriteArrayList<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final X509Certificate certificate;

	private TlsTestServer(PrivateKey key, X509Certificate certificate, Mode mode, SessionHandler sessionHandler)
			throws Exception {
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		keyStore.load(null, null);
		char[] password = "test".toCharArray();
		keyStore.setKeyEntry("server", key, password, new Certificate[] { certificate });
		KeyManagerFactory keyManagerFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagerFactory.init(keyStore, password);
		this.sslContext = SSLContext.getInstance("TLS");
		this.sslContext.init(keyManagerFactory.getKeyManagers(), new TrustManager[] { new AcceptAll() }, null);
		this.certificate = certificate;
		this.mode = mode;
		this.sessionHandler = sessionHandler;
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::acceptLoop, "tls-test-server");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public static TlsTestServer start(PrivateKey key, X509Certificate certificate, Mode mode) throws Exception {
		return new TlsTestServer(key, certificate, mode, TlsTestServer::countBytesUntilEof);
	}

	public static TlsTestServer start(PrivateKey key, X509Certificate certificate, Mode mode,
			SessionHandler sessionHandler) throws Exception {
		return new TlsTestServer(key, certificate, mode, sessionHandler);
	}

	/**
	 * The certificate the server presents: self-signed, so it is its own root, and a connector can pin it as
	 * {@code kms-root-ca} (the vector certificates attest no app-id or compose-hash that could be pinned instead).
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.certificate;
	}

	public int port() {
		return this.serverSocket.getLocalPort();
	}

	public List<ConnectionRecord> connections() {
		return this.connections;
	}

	/** Wait for the n-th connection (0-based) to finish and return its record. */
	public ConnectionRecord awaitConnection(int index) throws InterruptedException {
		Await.until("connection #" + index, () -> this.connections.size() > index);
		ConnectionRecord record = this.connections.get(index);
		if (!record.done.await(10, TimeUnit.SECONDS)) {
			throw new AssertionError("connection #" + index + " did not finish");
		}
		return record;
	}

	private void acceptLoop() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket socket = this.serverSocket.accept();
				this.sockets.add(socket);
				ConnectionRecord record = new ConnectionRecord();
				this.connections.add(record);
				Thread worker = new Thread(() -> serve(socket, record), "tls-test-connection");
				worker.setDaemon(true);
				worker.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket plain, ConnectionRecord record) {
		try {
			plain.setSoTimeout(10_000);
			if (this.mode == Mode.SILENT) {
				// Read and ignore whatever comes (the ClientHello) and never answer, until the client gives up.
				while (plain.getInputStream().read() >= 0) {
					// discard
				}
				return;
			}
			if (this.mode == Mode.SSL_REQUEST_ACCEPT || this.mode == Mode.SSL_REQUEST_REFUSE) {
				byte[] request = new DataInputStream(plain.getInputStream()).readNBytes(8);
				record.sslRequestReceived = Arrays.equals(request, SSL_REQUEST);
				plain.getOutputStream().write((this.mode == Mode.SSL_REQUEST_ACCEPT) ? 'S' : 'N');
				plain.getOutputStream().flush();
				if (this.mode == Mode.SSL_REQUEST_REFUSE) {
					plain.close();
					return;
				}
			}
			InputStream consumed = null;
			if (this.mode == Mode.DIRECT) {
				// Direct TLS: record the first byte (must be 0x16, a TLS handshake record) and hand it back to JSSE.
				int first = plain.getInputStream().read();
				record.firstByte = first;
				consumed = new java.io.ByteArrayInputStream(new byte[] { (byte) first });
			}
			SSLSocket ssl = (SSLSocket) this.sslContext.getSocketFactory().createSocket(plain, consumed, true);
			ssl.setUseClientMode(false);
			ssl.setNeedClientAuth(true);
			ssl.startHandshake();
			record.handshakeCompleted = true;
			record.clientChain = (X509Certificate[]) ssl.getSession().getPeerCertificates();
			if (ssl.getSession() instanceof ExtendedSSLSession extended) {
				record.requestedServerNames = extended.getRequestedServerNames();
			}
			this.sessionHandler.handle(ssl, record);
		}
		catch (IOException ex) {
			record.error = ex;
		}
		finally {
			try {
				plain.close();
			}
			catch (IOException ex) {
				// test server
			}
			record.done.countDown();
		}
	}

	/** Default session: count application bytes until the client closes. */
	public static void countBytesUntilEof(SSLSocket socket, ConnectionRecord record) throws IOException {
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[1024];
		try {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				record.applicationBytes.addAndGet(n);
			}
		}
		catch (SocketTimeoutException ex) {
			record.error = ex;
		}
		catch (IOException ex) {
			// peer closed without close_notify: still no more bytes
		}
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	/** What one connection did. */
	public static final class ConnectionRecord {

		public volatile boolean sslRequestReceived;

		public volatile int firstByte = -1;

		public volatile boolean handshakeCompleted;

		public volatile X509Certificate[] clientChain;

		public volatile List<SNIServerName> requestedServerNames = List.of();

		public final AtomicInteger applicationBytes = new AtomicInteger();

		public volatile byte[] firstMessage;

		public volatile Exception error;

		final CountDownLatch done = new CountDownLatch(1);

	}

	private static final class AcceptAll implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
