package com.teesql.devcluster.platform;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.teesql.jdbc.attestation.TdxQuoteLayout;

/**
 * A dstack runtime event (event log version 1): a named payload that the guest extends into RTMR3.
 *
 * @param event the event name, e.g. {@code app-id}
 * @param payload the event payload
 */
public record RuntimeEvent(String event, byte[] payload) {

	private static final int RTMR3_INDEX = 3;

	public RuntimeEvent {
		if (event == null || event.isEmpty()) {
			throw new IllegalArgumentException("runtime event name must not be empty");
		}
		if (payload == null) {
			throw new IllegalArgumentException("payload of runtime event '" + event + "' must not be null");
		}
		payload = payload.clone();
	}

	@Override
	public byte[] payload() {
		return this.payload.clone();
	}

	/**
	 * The SHA-384 digest extended into RTMR3:
	 * {@code SHA-384(u32LE(0x08000001) ‖ ":" ‖ event ‖ ":" ‖ payload)}.
	 * @return the 48-byte digest
	 */
	public byte[] digest() {
		byte[] type = new byte[4];
		Bytes.putLittleEndian(type, 0, TdxQuoteLayout.DSTACK_RUNTIME_EVENT_TYPE, 4);
		byte[] colon = { ':' };
		return Bytes.digest("SHA-384", type, colon, this.event.getBytes(StandardCharsets.UTF_8), colon, this.payload);
	}

	/**
	 * This event as an event-log entry on IMR 3.
	 * @return the entry
	 */
	public TdxEvent toTdxEvent() {
		return new TdxEvent(RTMR3_INDEX, TdxQuoteLayout.DSTACK_RUNTIME_EVENT_TYPE, digest(), this.event, this.payload);
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
				&& Arrays.equals(this.payload, that.payload);
	}

	@Override
	public int hashCode() {
		return 31 * this.event.hashCode() + Arrays.hashCode(this.payload);
	}

	@Override
	public String toString() {
		return "RuntimeEvent[" + this.event + "=" + HexFormat.of().formatHex(this.payload) + "]";
	}

}
