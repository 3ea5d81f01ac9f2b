package com.teesql.jdbc.attestation;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One TDX event log entry of a dstack attestation (cc-eventlog {@code TdxEvent}). The V0 SCALE envelope skips
 * {@code version} and {@code preimage} (so its entries are V1 without a preimage); the V1 msgpack envelope carries
 * {@code version} when it is 2 and {@code preimage} when the guest filled it in.
 *
 * @param imr the measurement register index (0 = RTMR0 … 3 = RTMR3)
 * @param eventType the event type
 * @param digest the extended digest (empty for runtime events in a stripped log)
 * @param event the event name
 * @param payload the event payload (empty for boot events in a stripped log)
 * @param version the runtime-event digest version
 * @param preimage the hex digest preimage, or {@code null} when absent
 */
public record TdxEventLogEntry(long imr, long eventType, byte[] digest, String event, byte[] payload,
		EventLogVersion version, String preimage) {

	public TdxEventLogEntry {
		digest = digest.clone();
		payload = payload.clone();
		Objects.requireNonNull(event, "event");
		Objects.requireNonNull(version, "version");
	}

	/**
	 * A V1 entry without a preimage (the V0 SCALE form).
	 * @param imr the measurement register index
	 * @param eventType the event type
	 * @param digest the digest
	 * @param event the event name
	 * @param payload the payload
	 */
	public TdxEventLogEntry(long imr, long eventType, byte[] digest, String event, byte[] payload) {
		this(imr, eventType, digest, event, payload, EventLogVersion.V1, null);
	}

	@Override
	public byte[] digest() {
		return this.digest.clone();
	}

	@Override
	public byte[] payload() {
		return this.payload.clone();
	}

	/**
	 * Whether this is a dstack runtime event (type {@code 0x08000001}), whose digest is recomputed from its name
	 * and payload rather than taken from the log.
	 * @return true for runtime events
	 */
	public boolean isRuntimeEvent() {
		return this.eventType == Integer.toUnsignedLong(TdxQuoteLayout.DSTACK_RUNTIME_EVENT_TYPE);
	}

	/**
	 * The runtime event this entry records.
	 * @return the event, empty for boot events
	 */
	public Optional<RuntimeEvent> toRuntimeEvent() {
		return isRuntimeEvent() ? Optional.of(new RuntimeEvent(this.event, this.payload, this.version))
				: Optional.empty();
	}

	/**
	 * The digest this entry extends: recomputed for runtime events, as logged for boot events.
	 * @return the digest bytes
	 */
	public byte[] effectiveDigest() {
		return toRuntimeEvent().map(RuntimeEvent::digest).orElseGet(this::digest);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof TdxEventLogEntry that && this.imr == that.imr && this.eventType == that.eventType
				&& Arrays.equals(this.digest, that.digest) && this.event.equals(that.event)
				&& Arrays.equals(this.payload, that.payload) && this.version == that.version
				&& Objects.equals(this.preimage, that.preimage);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.imr, this.eventType, Arrays.hashCode(this.digest), this.event,
				Arrays.hashCode(this.payload), this.version, this.preimage);
	}

	@Override
	public String toString() {
		return "TdxEventLogEntry[imr=" + this.imr + ", type=0x" + Long.toHexString(this.eventType) + ", event="
				+ this.event + ", payload=" + this.payload.length + " bytes"
				+ ((this.version == EventLogVersion.V2) ? ", v2" : "") + "]";
	}

}
