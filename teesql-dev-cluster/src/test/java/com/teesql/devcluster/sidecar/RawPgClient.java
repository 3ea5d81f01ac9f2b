package com.teesql.devcluster.sidecar;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * A minimal hand-written PostgreSQL client for what pgjdbc cannot be made to do: send GSSENCRequest, present a
 * certificate the server did not ask for, or look at the server certificate of one connection.
 */
final class RawPgClient {

	static final int SSL_REQUEST = 80877103;

	static final int GSSENC_REQUEST = 80877104;

	private RawPgClient() {
	}

	static Socket connect(int port) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
		socket.setSoTimeout(10_000);
		return socket;
	}

	static void sendRequest(Socket socket, int code) throws IOException {
		byte[] packet = new byte[8];
		putInt(packet, 0, 8);
		putInt(packet, 4, code);
		socket.getOutputStream().write(packet);
		socket.getOutputStream().flush();
	}

	/** Layers TLS over {@code plain} as a client that trusts any server and presents {@code keyManagers}. */
	static SSLSocket startTls(Socket plain, KeyManager[] keyManagers) throws IOException, GeneralSecurityException {
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers, new TrustManager[] { new TrustingTrustManager() }, new SecureRandom());
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
		socket.setUseClientMode(true);
		socket.startHandshake();
		return socket;
	}

	/**
	 * A key manager that presents {@code identity} whatever CAs the server names, so the server's own validation is
	 * what gets tested (the JDK's and pgjdbc's key managers stay silent for foreign issuers).
	 */
	static KeyManager[] alwaysPresenting(TestCertificates.Issued identity) {
		return new KeyManager[] { new X509ExtendedKeyManager() {

			@Override
			public String[] getClientAliases(String keyType, Principal[] issuers) {
				return new String[] { "client" };
			}

			@Override
			public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
				return "client";
			}

			@Override
			public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
				return "client";
			}

			@Override
			public String[] getServerAliases(String keyType, Principal[] issuers) {
				return null;
			}

			@Override
			public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
				return null;
			}

			@Override
			public X509Certificate[] getCertificateChain(String alias) {
				return identity.chain();
			}

			@Override
			public PrivateKey getPrivateKey(String alias) {
				return identity.keyPair().getPrivate();
			}

		} };
	}

	/**
	 * Logs in with a cleartext password (the sidecar asks for one) and returns {@code SELECT current_user}.
	 */
	static String currentUser(Socket socket, String user, String password) throws IOException {
		OutputStream out = socket.getOutputStream();
		DataInputStream in = new DataInputStream(socket.getInputStream());
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		writeInt(body, 196608);
		for (String part : new String[] { "user", user, "database", "postgres" }) {
			body.writeBytes(cString(part));
		}
		body.write(0);
		ByteArrayOutputStream startup = new ByteArrayOutputStream();
		writeInt(startup, body.size() + 4);
		startup.writeBytes(body.toByteArray());
		out.write(startup.toByteArray());
		out.flush();
		expectAuthentication(in, 3);
		out.write(message('p', cString(password)));
		out.flush();
		expectAuthentication(in, 0);
		readUntilReady(in);
		out.write(message('Q', cString("SELECT current_user")));
		out.flush();
		String value = null;
		while (true) {
			int type = in.readUnsignedByte();
			byte[] payload = new byte[in.readInt() - 4];
			in.readFully(payload);
			if (type == 'D') {
				int length = ((payload[2] & 0xff) << 24) | ((payload[3] & 0xff) << 16) | ((payload[4] & 0xff) << 8)
						| (payload[5] & 0xff);
				value = new String(payload, 6, length, StandardCharsets.UTF_8);
			}
			else if (type == 'E') {
				throw new IOException("query failed: " + new String(payload, StandardCharsets.UTF_8));
			}
			else if (type == 'Z') {
				break;
			}
		}
		out.write(message('X', new byte[0]));
		out.flush();
		return value;
	}

	private static void expectAuthentication(DataInputStream in, int code) throws IOException {
		int type = in.readUnsignedByte();
		byte[] payload = new byte[in.readInt() - 4];
		in.readFully(payload);
		if (type != 'R' || payload.length < 4 || payload[3] != code) {
			throw new IOException("expected authentication " + code + " but got '" + (char) type + "' "
					+ new String(payload, StandardCharsets.UTF_8));
		}
	}

	private static void readUntilReady(DataInputStream in) throws IOException {
		while (true) {
			int type = in.readUnsignedByte();
			byte[] payload = new byte[in.readInt() - 4];
			in.readFully(payload);
			if (type == 'Z') {
				return;
			}
			if (type == 'E') {
				throw new IOException("login failed: " + new String(payload, StandardCharsets.UTF_8));
			}
		}
	}

	private static byte[] message(char type, byte[] payload) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(type);
		writeInt(out, payload.length + 4);
		out.writeBytes(payload);
		return out.toByteArray();
	}

	private static byte[] cString(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		return Arrays.copyOf(bytes, bytes.length + 1);
	}

	private static void writeInt(ByteArrayOutputStream out, int value) {
		byte[] bytes = new byte[4];
		putInt(bytes, 0, value);
		out.writeBytes(bytes);
	}

	static void putInt(byte[] bytes, int offset, int value) {
		bytes[offset] = (byte) (value >>> 24);
		bytes[offset + 1] = (byte) (value >>> 16);
		bytes[offset + 2] = (byte) (value >>> 8);
		bytes[offset + 3] = (byte) value;
	}

	/** Test client only: the server identity is asserted by the tests themselves. */
	static final class TrustingTrustManager implements X509TrustManager {

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
