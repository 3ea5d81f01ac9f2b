package com.teesql.devcluster.sidecar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.teesql.devcluster.sidecar.PgWire.ProtocolException;

/**
 * A v3 {@code StartupMessage}: protocol version and the parameters the client sent ({@code user},
 * {@code database}, {@code application_name}, ...).
 *
 * @param protocolVersion {@code major << 16 | minor}
 * @param parameters every parameter in the order received
 */
record StartupPacket(int protocolVersion, Map<String, String> parameters) {

	private static final String PROTOCOL_OPTION_PREFIX = "_pq_.";

	StartupPacket {
		parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
	}

	/**
	 * Parses the body that follows the length and version words.
	 */
	static StartupPacket parse(int protocolVersion, byte[] body) throws ProtocolException {
		Map<String, String> parameters = new LinkedHashMap<>();
		int offset = 0;
		while (true) {
			if (offset >= body.length) {
				throw new ProtocolException("StartupMessage is not terminated");
			}
			if (body[offset] == 0) {
				break;
			}
			int keyEnd = terminator(body, offset);
			int valueEnd = terminator(body, keyEnd + 1);
			String key = new String(body, offset, keyEnd - offset, StandardCharsets.UTF_8);
			String value = new String(body, keyEnd + 1, valueEnd - keyEnd - 1, StandardCharsets.UTF_8);
			parameters.put(key, value);
			offset = valueEnd + 1;
		}
		String user = parameters.get("user");
		if (user == null || user.isEmpty()) {
			throw new ProtocolException("StartupMessage names no user");
		}
		return new StartupPacket(protocolVersion, parameters);
	}

	private static int terminator(byte[] body, int from) throws ProtocolException {
		for (int i = from; i < body.length; i++) {
			if (body[i] == 0) {
				return i;
			}
		}
		throw new ProtocolException("StartupMessage has an unterminated parameter");
	}

	String user() {
		return this.parameters.get("user");
	}

	/** The database, defaulting to the user name like PostgreSQL does. */
	String database() {
		String database = this.parameters.get("database");
		return (database != null && !database.isEmpty()) ? database : user();
	}

	int minorVersion() {
		return this.protocolVersion & 0xffff;
	}

	/** {@code _pq_.*} protocol options; the sidecar speaks plain 3.0 and declines them all. */
	List<String> protocolOptions() {
		List<String> options = new ArrayList<>();
		for (String key : this.parameters.keySet()) {
			if (key.startsWith(PROTOCOL_OPTION_PREFIX)) {
				options.add(key);
			}
		}
		return options;
	}

	/**
	 * The 3.0 {@code StartupMessage} the sidecar sends to PostgreSQL: same parameters minus protocol options.
	 */
	byte[] encodeForBackend() {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Map.Entry<String, String> parameter : this.parameters.entrySet()) {
			if (!parameter.getKey().startsWith(PROTOCOL_OPTION_PREFIX)) {
				body.writeBytes(PgWire.cString(parameter.getKey()));
				body.writeBytes(PgWire.cString(parameter.getValue()));
			}
		}
		body.write(0);
		byte[] packet = new byte[8 + body.size()];
		PgWire.putInt32(packet, 0, packet.length);
		PgWire.putInt32(packet, 4, PgWire.PROTOCOL_3_0);
		System.arraycopy(body.toByteArray(), 0, packet, 8, body.size());
		return packet;
	}

	/**
	 * {@code NegotiateProtocolVersion} telling a client that asked for 3.x (x &gt; 0) or protocol options that
	 * the session runs as 3.0 without them, as PostgreSQL does.
	 */
	byte[] negotiateProtocolVersion() {
		List<String> options = protocolOptions();
		ByteArrayOutputStream payload = new ByteArrayOutputStream();
		byte[] words = new byte[8];
		PgWire.putInt32(words, 0, PgWire.PROTOCOL_3_0);
		PgWire.putInt32(words, 4, options.size());
		payload.writeBytes(words);
		for (String option : options) {
			payload.writeBytes(PgWire.cString(option));
		}
		return PgWire.message((byte) 'v', payload.toByteArray());
	}

	boolean needsProtocolNegotiation() {
		return minorVersion() > 0 || !protocolOptions().isEmpty();
	}

}
