package com.teesql.devcluster.sidecar;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The pieces of the PostgreSQL v3 wire protocol the sidecar reads and writes itself. Everything after
 * authentication is spliced without interpretation.
 */
final class PgWire {

	static final int PROTOCOL_3_0 = 196608;

	static final int CANCEL_REQUEST_CODE = 80877102;

	static final int SSL_REQUEST_CODE = 80877103;

	static final int GSSENC_REQUEST_CODE = 80877104;

	static final int AUTH_OK = 0;

	static final int AUTH_CLEARTEXT_PASSWORD = 3;

	static final int AUTH_MD5_PASSWORD = 5;

	static final int AUTH_SASL = 10;

	static final int AUTH_SASL_CONTINUE = 11;

	static final int AUTH_SASL_FINAL = 12;

	/** Largest startup packet PostgreSQL itself accepts ({@code MAX_STARTUP_PACKET_LENGTH}). */
	static final int MAX_STARTUP_PACKET = 10000;

	/** Cancel keys are 4 bytes in protocol 3.0 and up to 256 bytes since 3.2. */
	static final int MAX_CANCEL_PACKET = 12 + 256;

	/** Upper bound for any message read before the splice; large ones only appear after authentication. */
	static final int MAX_PRE_SPLICE_MESSAGE = 64 * 1024;

	private PgWire() {
	}

	/** A typed backend or frontend message: type byte plus payload (without the length word). */
	record Message(byte type, byte[] payload) {

		int int32At(int offset) {
			return PgWire.int32(this.payload, offset);
		}

		/** The whole message as it travels on the wire. */
		byte[] encode() {
			return PgWire.message(this.type, this.payload);
		}

	}

	static int int32(byte[] bytes, int offset) {
		return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16) | ((bytes[offset + 2] & 0xff) << 8)
				| (bytes[offset + 3] & 0xff);
	}

	static void putInt32(byte[] bytes, int offset, int value) {
		bytes[offset] = (byte) (value >>> 24);
		bytes[offset + 1] = (byte) (value >>> 16);
		bytes[offset + 2] = (byte) (value >>> 8);
		bytes[offset + 3] = (byte) value;
	}

	static byte[] readFully(InputStream in, int length) throws IOException {
		byte[] bytes = in.readNBytes(length);
		if (bytes.length != length) {
			throw new EOFException("Connection closed after " + bytes.length + " of " + length + " bytes");
		}
		return bytes;
	}

	static Message readMessage(InputStream in, int maxLength) throws IOException {
		int type = in.read();
		if (type < 0) {
			throw new EOFException("Connection closed before the next message");
		}
		int length = int32(readFully(in, 4), 0);
		if (length < 4 || length > maxLength) {
			throw new ProtocolException("Message '" + (char) type + "' has invalid length " + length);
		}
		return new Message((byte) type, readFully(in, length - 4));
	}

	static byte[] message(byte type, byte[] payload) {
		byte[] bytes = new byte[5 + payload.length];
		bytes[0] = type;
		putInt32(bytes, 1, payload.length + 4);
		System.arraycopy(payload, 0, bytes, 5, payload.length);
		return bytes;
	}

	static byte[] authenticationRequest(int code, byte[] extra) {
		byte[] payload = new byte[4 + extra.length];
		putInt32(payload, 0, code);
		System.arraycopy(extra, 0, payload, 4, extra.length);
		return message((byte) 'R', payload);
	}

	/** An {@code ErrorResponse} with the fields every client shows: severity, SQLSTATE and message. */
	static byte[] errorResponse(String severity, String sqlState, String text) {
		ByteArrayOutputStream fields = new ByteArrayOutputStream();
		field(fields, 'S', severity);
		field(fields, 'V', severity);
		field(fields, 'C', sqlState);
		field(fields, 'M', text);
		fields.write(0);
		return message((byte) 'E', fields.toByteArray());
	}

	/** Reads the fields of an {@code ErrorResponse} or {@code NoticeResponse} into {@code "C: M"} form. */
	static String describeError(byte[] payload) {
		String code = null;
		String text = null;
		int offset = 0;
		while (offset < payload.length && payload[offset] != 0) {
			byte field = payload[offset++];
			int end = offset;
			while (end < payload.length && payload[end] != 0) {
				end++;
			}
			String value = new String(payload, offset, end - offset, StandardCharsets.UTF_8);
			if (field == 'C') {
				code = value;
			}
			else if (field == 'M') {
				text = value;
			}
			offset = end + 1;
		}
		return code + ": " + text;
	}

	private static void field(ByteArrayOutputStream out, char type, String value) {
		out.write(type);
		out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
		out.write(0);
	}

	static byte[] cString(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		byte[] result = new byte[bytes.length + 1];
		System.arraycopy(bytes, 0, result, 0, bytes.length);
		return result;
	}

	static void write(OutputStream out, byte[] bytes) throws IOException {
		out.write(bytes);
		out.flush();
	}

	/** The peer violated the protocol; the connection is closed. */
	static class ProtocolException extends IOException {

		ProtocolException(String message) {
			super(message);
		}

	}

}
