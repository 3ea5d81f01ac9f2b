package com.teesql.jdbc.attestation;

import java.util.List;
import java.util.Optional;

import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.errors.UnsupportedAttestationFormatException;

/**
 * A dstack {@code VersionedAttestation} V0 for a TDX platform, decoded completely from its SCALE encoding.
 *
 * @param quote the raw TDX quote
 * @param eventLog the (stripped) TDX event log
 * @param runtimeEvents the runtime events extended into RTMR3
 * @param reportData the 64 report-data bytes the envelope claims (must equal the quote's REPORTDATA)
 * @param config the platform configuration JSON
 */
public record VersionedAttestation(byte[] quote, List<TdxEventLogEntry> eventLog, List<RuntimeEvent> runtimeEvents,
		byte[] reportData, String config) {

	/** dstack refuses attestation payloads above this size; so do we, before decoding anything. */
	public static final int MAX_SIZE = 10 * 1024 * 1024;

	private static final int QUOTE_VARIANT_DSTACK_TDX = 0;

	private static final String[] QUOTE_VARIANTS = { "DstackTdx", "DstackGcpTdx", "DstackNitroEnclave",
			"DstackAmdSevSnp", "DstackAwsNitroTpm" };

	public VersionedAttestation {
		quote = quote.clone();
		eventLog = List.copyOf(eventLog);
		runtimeEvents = List.copyOf(runtimeEvents);
		reportData = reportData.clone();
	}

	/**
	 * Decode a {@code VersionedAttestation} as carried in the {@code 1.3.6.1.4.1.62397.1.8} extension.
	 * @param payload the extension payload after unwrapping both OCTET STRING layers
	 * @return the decoded V0 attestation
	 * @throws QuoteFormatException if the payload is malformed
	 * @throws UnsupportedAttestationFormatException if it is a V1 (msgpack) envelope or an unknown format
	 */
	public static VersionedAttestation decode(byte[] payload)
			throws QuoteFormatException, UnsupportedAttestationFormatException {
		if (payload.length == 0) {
			throw new QuoteFormatException("attestation extension is empty");
		}
		if (payload.length > MAX_SIZE) {
			throw new QuoteFormatException(
					"attestation extension is " + payload.length + " bytes, more than the " + MAX_SIZE + " allowed");
		}
		int tag = payload[0] & 0xff;
		if (tag != 0x00) {
			if ((tag >= 0x80 && tag <= 0x8f) || tag == 0xde || tag == 0xdf) {
				throw new UnsupportedAttestationFormatException("attestation extension uses the dstack V1 (msgpack) "
						+ "VersionedAttestation format, which this version of teesql-jdbc cannot verify");
			}
			throw new UnsupportedAttestationFormatException(
					String.format("Unknown attestation wire format (first byte 0x%02x)", tag));
		}
		ScaleReader reader = new ScaleReader(payload);
		reader.u8("VersionedAttestation tag");
		int variant = reader.u8("AttestationQuote variant");
		if (variant != QUOTE_VARIANT_DSTACK_TDX) {
			String name = (variant < QUOTE_VARIANTS.length) ? QUOTE_VARIANTS[variant] : "unknown";
			throw new UnsupportedAttestationFormatException("attestation is for platform variant " + variant + " ("
					+ name + "); only DstackTdx (0) TDX attestations are supported");
		}
		byte[] quote = reader.byteVector("quote");
		int eventCount = reader.length("event_log count", 11);
		TdxEventLogEntry[] events = new TdxEventLogEntry[eventCount];
		for (int i = 0; i < eventCount; i++) {
			String field = "event_log[" + i + "]";
			long imr = reader.u32(field + ".imr");
			long eventType = reader.u32(field + ".event_type");
			byte[] digest = reader.byteVector(field + ".digest");
			String event = reader.string(field + ".event");
			byte[] eventPayload = reader.byteVector(field + ".event_payload");
			events[i] = new TdxEventLogEntry(imr, eventType, digest, event, eventPayload);
		}
		int runtimeCount = reader.length("runtime_events count", 2);
		RuntimeEvent[] runtimeEvents = new RuntimeEvent[runtimeCount];
		for (int i = 0; i < runtimeCount; i++) {
			String field = "runtime_events[" + i + "]";
			runtimeEvents[i] = new RuntimeEvent(reader.string(field + ".event"), reader.byteVector(field + ".payload"));
		}
		byte[] reportData = reader.bytes(64, "report_data");
		String config = reader.string("config");
		reader.requireFinished("VersionedAttestation V0");
		return new VersionedAttestation(quote, List.of(events), List.of(runtimeEvents), reportData, config);
	}

	@Override
	public byte[] quote() {
		return this.quote.clone();
	}

	@Override
	public byte[] reportData() {
		return this.reportData.clone();
	}

	/**
	 * The payload of the first runtime event with the given name, as lowercase hex.
	 * @param name the event name
	 * @return the payload hex, if such an event exists
	 */
	public Optional<String> runtimeEventHex(String name) {
		return this.runtimeEvents.stream().filter((e) -> e.event().equals(name)).findFirst().map(RuntimeEvent::payloadHex);
	}

	/**
	 * The dstack application id ({@code app-id} runtime event).
	 * @return lowercase hex
	 */
	public Optional<String> appId() {
		return runtimeEventHex("app-id");
	}

	/**
	 * The compose hash ({@code compose-hash} runtime event, SHA-256 of the normalised app-compose).
	 * @return lowercase hex
	 */
	public Optional<String> composeHash() {
		return runtimeEventHex("compose-hash");
	}

	/**
	 * The dstack instance id ({@code instance-id} runtime event).
	 * @return lowercase hex
	 */
	public Optional<String> instanceId() {
		return runtimeEventHex("instance-id");
	}

	@Override
	public String toString() {
		return "VersionedAttestation[quote=" + this.quote.length + " bytes, eventLog=" + this.eventLog.size()
				+ " entries, runtimeEvents=" + this.runtimeEvents + "]";
	}

}
