package com.teesql.jdbc.attestation;

/**
 * One TDX event log entry of a dstack attestation (the codec-skipped {@code version}/{@code preimage} fields are not
 * on the wire).
 *
 * @param imr the measurement register index (0 = MRTD/RTMR0 …, 3 = RTMR3)
 * @param eventType the event type
 * @param digest the extended digest
 * @param event the event name
 * @param payload the event payload
 */
public record TdxEventLogEntry(long imr, long eventType, byte[] digest, String event, byte[] payload) {

	public TdxEventLogEntry {
		digest = digest.clone();
		payload = payload.clone();
	}

	@Override
	public byte[] digest() {
		return this.digest.clone();
	}

	@Override
	public byte[] payload() {
		return this.payload.clone();
	}

	@Override
	public String toString() {
		return "TdxEventLogEntry[imr=" + this.imr + ", type=0x" + Long.toHexString(this.eventType) + ", event="
				+ this.event + ", payload=" + this.payload.length + " bytes]";
	}

}
