package com.teesql.jdbc.attestation;

/**
 * A dstack runtime event (extended into RTMR3), for example {@code app-id} or {@code compose-hash}.
 *
 * @param event the event name
 * @param payload the payload bytes
 */
public record RuntimeEvent(String event, byte[] payload) {

	public RuntimeEvent {
		payload = payload.clone();
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

	@Override
	public String toString() {
		return "RuntimeEvent[" + this.event + "=" + Hex.abbreviate(payloadHex()) + "]";
	}

}
