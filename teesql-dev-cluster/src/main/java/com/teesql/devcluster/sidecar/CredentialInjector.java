package com.teesql.devcluster.sidecar;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.teesql.devcluster.sidecar.PgWire.Message;
import com.teesql.devcluster.sidecar.ScramSha256Client.ScramException;

/**
 * Logs in to PostgreSQL as the client's role with the role's real password, which only the sidecar knows
 * ("pg_auth_inject"). Speaks SCRAM-SHA-256, MD5 and cleartext, whichever the server asks for.
 */
final class CredentialInjector {

	private final InetSocketAddress backend;

	private final Function<String, Optional<String>> backendPassword;

	private final Duration connectTimeout;

	CredentialInjector(InetSocketAddress backend, Function<String, Optional<String>> backendPassword,
			Duration connectTimeout) {
		this.backend = backend;
		this.backendPassword = backendPassword;
		this.connectTimeout = connectTimeout;
	}

	/**
	 * Connects and authenticates. Returns once PostgreSQL sent {@code AuthenticationOk}; the caller forwards
	 * everything after it.
	 * @param startup the client's startup packet (its parameters are sent on unchanged)
	 * @param readTimeout read timeout while authenticating
	 */
	BackendConnection connect(StartupPacket startup, Duration readTimeout) throws CredentialInjectionException {
		String role = startup.user();
		String password = this.backendPassword.apply(role).orElse(null);
		if (password == null) {
			throw new CredentialInjectionException("no backend credential for role " + role, null);
		}
		Socket socket = new Socket();
		boolean authenticated = false;
		try {
			socket.connect(this.backend, (int) this.connectTimeout.toMillis());
			socket.setTcpNoDelay(true);
			socket.setSoTimeout((int) readTimeout.toMillis());
			InputStream in = new BufferedInputStream(socket.getInputStream());
			OutputStream out = new BufferedOutputStream(socket.getOutputStream());
			PgWire.write(out, startup.encodeForBackend());
			authenticate(in, out, role, password);
			authenticated = true;
			return new BackendConnection(socket, in, out);
		}
		catch (EarlyEndException ex) {
			throw new CredentialInjectionException(CredentialInjectionException.EARLY_EOF, ex.getMessage());
		}
		catch (EOFException ex) {
			throw new CredentialInjectionException(CredentialInjectionException.EARLY_EOF,
					"backend closed the connection");
		}
		catch (PgWire.ProtocolException ex) {
			throw new CredentialInjectionException("backend protocol error (" + ex.getMessage() + ")", null);
		}
		catch (SocketTimeoutException ex) {
			throw new CredentialInjectionException("backend did not answer within " + readTimeout.toMillis() + " ms",
					null);
		}
		catch (IOException ex) {
			throw new CredentialInjectionException("backend " + this.backend.getHostString() + ":"
					+ this.backend.getPort() + " unreachable (" + ex.getMessage() + ")", ex.toString());
		}
		catch (ScramException ex) {
			throw new CredentialInjectionException(ex.getMessage(), null);
		}
		finally {
			if (!authenticated) {
				closeQuietly(socket);
			}
		}
	}

	private void authenticate(InputStream in, OutputStream out, String role, String password)
			throws IOException, ScramException {
		ScramSha256Client scram = null;
		while (true) {
			Message message = PgWire.readMessage(in, PgWire.MAX_PRE_SPLICE_MESSAGE);
			switch (message.type()) {
				case 'E' -> throw new EarlyEndException(PgWire.describeError(message.payload()));
				case 'v', 'N' -> {
					// NegotiateProtocolVersion or a notice: informational before authentication.
				}
				case 'R' -> {
					if (message.payload().length < 4) {
						throw new PgWire.ProtocolException("Authentication request too short");
					}
					int code = message.int32At(0);
					byte[] data = Arrays.copyOfRange(message.payload(), 4, message.payload().length);
					switch (code) {
						case PgWire.AUTH_OK -> {
							return;
						}
						case PgWire.AUTH_CLEARTEXT_PASSWORD -> sendPassword(out, password);
						case PgWire.AUTH_MD5_PASSWORD -> sendPassword(out, md5Password(role, password, data));
						case PgWire.AUTH_SASL -> {
							List<String> mechanisms = cStrings(data);
							if (!mechanisms.contains(ScramSha256Client.MECHANISM)) {
								throw new ScramException("backend offers only " + mechanisms);
							}
							scram = new ScramSha256Client(password);
							sendSaslInitialResponse(out, scram.clientFirstMessage());
						}
						case PgWire.AUTH_SASL_CONTINUE -> {
							requireScram(scram);
							String clientFinal = scram.clientFinalMessage(new String(data, StandardCharsets.UTF_8));
							PgWire.write(out, PgWire.message((byte) 'p', clientFinal.getBytes(StandardCharsets.UTF_8)));
						}
						case PgWire.AUTH_SASL_FINAL -> {
							requireScram(scram);
							scram.verifyServerFinal(new String(data, StandardCharsets.UTF_8));
						}
						default -> throw new PgWire.ProtocolException("unsupported authentication request " + code);
					}
				}
				default -> throw new PgWire.ProtocolException(
						"unexpected message '" + (char) message.type() + "' before AuthenticationOk");
			}
		}
	}

	private static void requireScram(ScramSha256Client scram) throws ScramException {
		if (scram == null) {
			throw new ScramException("SASL continuation without SASL start");
		}
	}

	private static void sendPassword(OutputStream out, String password) throws IOException {
		PgWire.write(out, PgWire.message((byte) 'p', PgWire.cString(password)));
	}

	private static void sendSaslInitialResponse(OutputStream out, String clientFirst) throws IOException {
		byte[] data = clientFirst.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream payload = new ByteArrayOutputStream();
		payload.writeBytes(PgWire.cString(ScramSha256Client.MECHANISM));
		byte[] length = new byte[4];
		PgWire.putInt32(length, 0, data.length);
		payload.writeBytes(length);
		payload.writeBytes(data);
		PgWire.write(out, PgWire.message((byte) 'p', payload.toByteArray()));
	}

	/** {@code "md5" + md5hex(md5hex(password + user) + salt)}, PostgreSQL's MD5 method. */
	static String md5Password(String user, String password, byte[] salt) throws PgWire.ProtocolException {
		if (salt.length != 4) {
			throw new PgWire.ProtocolException("MD5 salt must be 4 bytes, got " + salt.length);
		}
		try {
			MessageDigest md5 = MessageDigest.getInstance("MD5");
			String inner = HexFormat.of()
				.formatHex(md5.digest((password + user).getBytes(StandardCharsets.UTF_8)));
			md5.update(inner.getBytes(StandardCharsets.US_ASCII));
			md5.update(salt);
			return "md5" + HexFormat.of().formatHex(md5.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is missing from the JDK", ex);
		}
	}

	private static List<String> cStrings(byte[] data) {
		List<String> values = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < data.length; i++) {
			if (data[i] == 0) {
				if (i == start) {
					break;
				}
				values.add(new String(data, start, i - start, StandardCharsets.UTF_8));
				start = i + 1;
			}
		}
		return values;
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Nothing to do: the connection is being abandoned.
		}
	}

	/** PostgreSQL answered with an ErrorResponse before AuthenticationOk. */
	private static final class EarlyEndException extends IOException {

		EarlyEndException(String backendError) {
			super(backendError);
		}

	}

}
