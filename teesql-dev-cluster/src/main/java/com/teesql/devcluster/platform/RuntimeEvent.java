package com.teesql.devcluster.platform;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.teesql.jdbc.attestation.EventLogVersion;
import com.teesql.jdbc.attestation.TdxEventLogEntry;
import com.teesql.jdbc.attestation.TdxQuoteLayout;

/**
 * A dstack runtime event: a named payload that the guest extends into RTMR3, with the digest of its event log
 * version (teesql-jdbc's {@link com.teesql.jdbc.attestation.RuntimeEvent} computes it, as the client replays it).
 *
 * @param event the event name, e.g. {@code app-id}
 * @param payload the event payload
 * @param version the event log version (V1 unless the app compose asks for V2)
 */
public record RuntimeEvent(String event, byte[] payload, EventLogVersion version) {

	private static final int RTMR3_INDEX = 3;

	public RuntimeEvent {
		if (event == null || event.isEmpty()) {
			throw new IllegalArgumentException("runtime event name must not be empty");
		}
		if (payload == null) {
			throw new IllegalArgumentException("payload of runtime event '" + event + "' must not be null");
		}
		payload = payload.clone();
		if (version == null) {
			throw new IllegalArgumentException("version of runtime event '" + event + "' must not be null");
		}
	}

	/**
	 * A V1 event (dstack's default event log version).
	 * @param event the event name
	 * @param payload the event payload
	 */
	public RuntimeEvent(String event, byte[] payload) {
		this(event, payload, EventLogVersion.V1);
	}

	/**
	 * The same event with another event log version.
	 * @param version the version
	 * @return the event
	 */
	public RuntimeEvent withVersion(EventLogVersion version) {
		return new RuntimeEvent(this.event, this.payload, version);
	}

	/**
	 * This event as the client library models it.
	 * @return the event
	 */
	public com.teesql.jdbc.attestation.RuntimeEvent toJdbc() {
		return new com.teesql.jdbc.attestation.RuntimeEvent(this.event, this.payload, this.version);
	}

	@Override
	public byte[] payload() {
		return this.payload.clone();
	}

	/**
	 * The SHA-384 digest extended into RTMR3 (V1:
	 * {@code SHA-384(u32LE(0x08000001) ‖ ":" ‖ event ‖ ":" ‖ payload)}, V2: SHA-384 of the RFC 8785 canonical event
	 * JSON).
	 * @return the 48-byte digest
	 */
	public byte[] digest() {
		return toJdbc().digest();
	}

	/**
	 * This event as an event-log entry on IMR 3.
	 * @return the entry
	 */
	public TdxEventLogEntry toTdxEvent() {
		return new TdxEventLogEntry(RTMR3_INDEX,
				Integer.toUnsignedLong(TdxQuoteLayout.DSTACK_RUNTIME_EVENT_TYPE), digest(), this.event, this.payload,
				this.version, null);
	}

	/**
	 * Replays events the way the TDX module extends an RTMR: starting from 48 zero bytes,
	 * {@code mr = SHA-384(mr ‖ digest)} for each event in order.
	 * @param events the events in the order they were extended
	 * @return the resulting 48-byte register value
	 */
	public static byte[] replay(List<RuntimeEvent> events) {
		byte[] mr = new byte[TdxQuoteLayout.MEASUREMENT_SIZE];
		for (RuntimeEvent event : events) {
			mr = Bytes.digest("SHA-384", mr, event.digest());
		}
		return mr;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof RuntimeEvent that && this.event.equals(that.event)
				&& Arrays.equals(this.payload, that.payload) && this.version == that.version;
	}

	@Override
	public int hashCode() {
		return 31 * (31 * this.event.hashCode() + Arrays.hashCode(this.payload)) + this.version.hashCode();
	}

	@Override
	public String toString() {
		return "RuntimeEvent[" + this.event + "=" + HexFormat.of().formatHex(this.payload)
				+ ((this.version == EventLogVersion.V2) ? ", v2" : "") + "]";
	}

}
