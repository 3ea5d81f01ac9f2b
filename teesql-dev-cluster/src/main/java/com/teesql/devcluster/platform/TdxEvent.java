package com.teesql.devcluster.platform;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One entry of a TDX event log as dstack serialises it ({@code TdxEvent} without the codec-skipped fields).
 *
 * @param imr the measurement register index (0..3)
 * @param eventType the TCG / dstack event type
 * @param digest the digest extended into the register
 * @param event the event name (empty for firmware events)
 * @param payload the event payload
 */
public record TdxEvent(int imr, long eventType, byte[] digest, String event, byte[] payload) {

	public TdxEvent {
		if (imr < 0 || imr > 3) {
			throw new IllegalArgumentException("imr must be 0..3 but was " + imr);
		}
		if (eventType < 0 || eventType > 0xFFFF_FFFFL) {
			throw new IllegalArgumentException("event type out of u32 range: " + eventType);
		}
		if (digest == null || event == null || payload == null) {
			throw new IllegalArgumentException("digest, event and payload must not be null");
		}
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
	public boolean equals(Object other) {
		return other instanceof TdxEvent that && this.imr == that.imr && this.eventType == that.eventType
				&& Arrays.equals(this.digest, that.digest) && this.event.equals(that.event)
				&& Arrays.equals(this.payload, that.payload);
	}

	@Override
	public int hashCode() {
		return ((31 * this.imr + Long.hashCode(this.eventType)) * 31 + Arrays.hashCode(this.digest)) * 31
				+ this.event.hashCode();
	}

	@Override
	public String toString() {
		return "TdxEvent[imr=" + this.imr + ", type=0x" + Long.toHexString(this.eventType) + ", event=" + this.event
				+ ", digest=" + HexFormat.of().formatHex(this.digest) + "]";
	}

}
