package com.teesql.jdbc.attestation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A dstack runtime event (extended into RTMR3), for example {@code app-id} or {@code compose-hash}.
 *
 * @param event the event name
 * @param payload the payload bytes
 * @param version how the event's digest is computed
 */
public record RuntimeEvent(String event, byte[] payload, EventLogVersion version) {

	public RuntimeEvent {
		Objects.requireNonNull(event, "event");
		payload = payload.clone();
		Objects.requireNonNull(version, "version");
	}

	/**
	 * A V1 event (the only kind the V0 SCALE envelope can carry).
	 * @param event the event name
	 * @param payload the payload bytes
	 */
	public RuntimeEvent(String event, byte[] payload) {
		this(event, payload, EventLogVersion.V1);
	}

	@Override
	public byte[] payload() {
		return this.payload.clone();
	}

	/**
	 * The payload as lowercase hex.
	 * @return the hex string
	 */
	public String payloadHex() {
		return Hex.encode(this.payload);
	}

	/**
	 * The exact bytes whose SHA-384 is extended into RTMR3: for V1 {@code u32 LE type ‖ ":" ‖ name ‖ ":" ‖
	 * payload}, for V2 the UTF-8 of {@link CanonicalEventJson}.
	 * @return the digest preimage
	 */
	public byte[] preimage() {
		if (this.version == EventLogVersion.V2) {
			return CanonicalEventJson.of(this.event, this.payload).getBytes(StandardCharsets.UTF_8);
		}
		byte[] name = this.event.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(4 + 1 + name.length + 1 + this.payload.length)
			.order(ByteOrder.LITTLE_ENDIAN)
			.putInt(TdxQuoteLayout.DSTACK_RUNTIME_EVENT_TYPE)
			.put((byte) ':')
			.put(name)
			.put((byte) ':')
			.put(this.payload)
			.array();
	}

	/**
	 * The 48-byte digest extended into RTMR3.
	 * @return SHA-384 of {@link #preimage()}
	 */
	public byte[] digest() {
		return sha384().digest(preimage());
	}

	static MessageDigest sha384() {
		try {
			return MessageDigest.getInstance("SHA-384");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-384 is required by every Java platform", ex);
		}
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof RuntimeEvent that && this.event.equals(that.event)
				&& java.util.Arrays.equals(this.payload, that.payload) && this.version == that.version;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.event, java.util.Arrays.hashCode(this.payload), this.version);
	}

	@Override
	public String toString() {
		return "RuntimeEvent[" + this.event + "=" + Hex.abbreviate(payloadHex())
				+ ((this.version == EventLogVersion.V2) ? ", v2" : "") + "]";
	}

}
