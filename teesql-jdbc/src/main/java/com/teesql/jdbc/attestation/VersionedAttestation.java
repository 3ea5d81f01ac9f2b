package com.teesql.jdbc.attestation;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.errors.UnsupportedAttestationFormatException;
import com.teesql.jdbc.errors.UnsupportedPlatformException;

/**
 * A dstack {@code VersionedAttestation} for a TDX platform, decoded completely from either wire format: V0 (SCALE,
 * first byte {@code 0x00}) or V1 (msgpack map with named fields, {@link MsgpackAttestationDecoder}). Platforms
 * without a TDX quote are refused by name while decoding ({@link AttestationPlatform#refusal()}).
 *
 * @param format the wire format
 * @param platform {@link AttestationPlatform#TDX} or {@link AttestationPlatform#GCP_TDX}
 * @param stack the stack evidence kind ({@link StackKind#DSTACK} for every V0 envelope)
 * @param quote the raw TDX quote
 * @param eventLog the (stripped) TDX event log
 * @param runtimeEvents the runtime events extended into RTMR3
 * @param reportData the 64 report-data bytes the envelope claims (must equal the quote's REPORTDATA)
 * @param config the platform configuration JSON
 * @param reportDataPayload the {@code dstack-pod} application payload
 * @param vtpmQuote the {@code gcp-tdx} vTPM quote (decoded, not verified)
 */
public record VersionedAttestation(AttestationFormat format, AttestationPlatform platform, StackKind stack,
		byte[] quote, List<TdxEventLogEntry> eventLog, List<RuntimeEvent> runtimeEvents, byte[] reportData,
		String config, Optional<String> reportDataPayload, Optional<VtpmQuote> vtpmQuote) {

	/** dstack refuses attestation payloads above this size; so do we, before decoding anything. */
	public static final int MAX_SIZE = 10 * 1024 * 1024;

	public VersionedAttestation {
		quote = quote.clone();
		eventLog = List.copyOf(eventLog);
		runtimeEvents = List.copyOf(runtimeEvents);
		reportData = reportData.clone();
		if (reportDataPayload.isPresent() != (stack == StackKind.DSTACK_POD)) {
			throw new IllegalArgumentException("report_data_payload belongs to dstack-pod stacks only");
		}
	}

	/**
	 * A V0 attestation of the {@code tdx} platform and {@code dstack} stack.
	 * @param quote the raw TDX quote
	 * @param eventLog the TDX event log
	 * @param runtimeEvents the runtime events
	 * @param reportData the 64 report-data bytes
	 * @param config the configuration JSON
	 */
	public VersionedAttestation(byte[] quote, List<TdxEventLogEntry> eventLog, List<RuntimeEvent> runtimeEvents,
			byte[] reportData, String config) {
		this(AttestationFormat.V0, AttestationPlatform.TDX, StackKind.DSTACK, quote, eventLog, runtimeEvents,
				reportData, config, Optional.empty(), Optional.empty());
	}

	/**
	 * Decode a {@code VersionedAttestation} as carried in the {@code 1.3.6.1.4.1.62397.1.8} extension.
	 * @param payload the extension payload after unwrapping both OCTET STRING layers
	 * @return the decoded attestation
	 * @throws QuoteFormatException if the payload is malformed
	 * @throws UnsupportedAttestationFormatException if the first byte is neither V0 nor a msgpack map, or (as
	 * {@link com.teesql.jdbc.errors.UnsupportedPlatformException}) the platform is not a TDX one
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
		if ((tag >= 0x80 && tag <= 0x8f) || tag == 0xde || tag == 0xdf) {
			return MsgpackAttestationDecoder.decode(payload);
		}
		if (tag != 0x00) {
			throw new UnsupportedAttestationFormatException(
					String.format("Unknown attestation wire format (first byte 0x%02x)", tag));
		}
		ScaleReader reader = new ScaleReader(payload);
		reader.u8("VersionedAttestation tag");
		int variant = reader.u8("AttestationQuote variant");
		AttestationPlatform platform = AttestationPlatform.ofV0Variant(variant);
		if (platform == null) {
			throw new UnsupportedAttestationFormatException("attestation is for AttestationQuote variant " + variant
					+ ", which dstack does not define (0 DstackTdx … 4 DstackAwsNitroTpm)");
		}
		if (!platform.supported()) {
			throw new UnsupportedPlatformException(platform.refusal());
		}
		byte[] quote = reader.byteVector("quote");
		List<TdxEventLogEntry> events = readEventLog(reader, "event_log");
		Optional<VtpmQuote> vtpm = Optional.empty();
		if (platform == AttestationPlatform.GCP_TDX) {
			vtpm = Optional.of(readVtpmQuote(reader));
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
		return new VersionedAttestation(AttestationFormat.V0, platform, StackKind.DSTACK, quote, events,
				List.of(runtimeEvents), reportData, config, Optional.empty(), vtpm);
	}

	private static List<TdxEventLogEntry> readEventLog(ScaleReader reader, String name) throws QuoteFormatException {
		int eventCount = reader.length(name + " count", 11);
		TdxEventLogEntry[] events = new TdxEventLogEntry[eventCount];
		for (int i = 0; i < eventCount; i++) {
			String field = name + "[" + i + "]";
			long imr = reader.u32(field + ".imr");
			long eventType = reader.u32(field + ".event_type");
			byte[] digest = reader.byteVector(field + ".digest");
			String event = reader.string(field + ".event");
			byte[] eventPayload = reader.byteVector(field + ".event_payload");
			events[i] = new TdxEventLogEntry(imr, eventType, digest, event, eventPayload);
		}
		return List.of(events);
	}

	private static VtpmQuote readVtpmQuote(ScaleReader reader) throws QuoteFormatException {
		byte[] message = reader.byteVector("tpm_quote.message");
		byte[] signature = reader.byteVector("tpm_quote.signature");
		int pcrCount = reader.length("tpm_quote.pcr_values count", 6);
		VtpmQuote.PcrValue[] pcrs = new VtpmQuote.PcrValue[pcrCount];
		for (int i = 0; i < pcrCount; i++) {
			String field = "tpm_quote.pcr_values[" + i + "]";
			pcrs[i] = new VtpmQuote.PcrValue(reader.u32(field + ".index"), reader.string(field + ".algorithm"),
					reader.byteVector(field + ".value"));
		}
		byte[] akCert = reader.byteVector("tpm_quote.ak_cert");
		int platformIndex = reader.u8("tpm_quote.platform");
		if (platformIndex >= VtpmQuote.PLATFORMS.size()) {
			throw new QuoteFormatException("SCALE tpm_quote.platform: variant " + platformIndex
					+ " is not a dstack Platform (0 dstack … 3 aws-ec2)");
		}
		int eventCount = reader.length("tpm_quote.event_log count", 5);
		VtpmQuote.TpmEvent[] events = new VtpmQuote.TpmEvent[eventCount];
		for (int i = 0; i < eventCount; i++) {
			String field = "tpm_quote.event_log[" + i + "]";
			events[i] = new VtpmQuote.TpmEvent(reader.u32(field + ".pcr_index"), reader.byteVector(field + ".digest"));
		}
		return new VtpmQuote(message, signature, List.of(pcrs), akCert, VtpmQuote.PLATFORMS.get(platformIndex),
				List.of(events));
	}

	/**
	 * The runtime event log versions present, in order of first appearance.
	 * @return for example [V1], [V2] or [V1, V2]; empty without runtime events
	 */
	public Set<EventLogVersion> eventLogVersions() {
		return Rtmr3Replay.versions(this.runtimeEvents);
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
		return "VersionedAttestation[" + this.format + ", " + this.platform.kind() + ", " + this.stack.kind()
				+ ", quote=" + this.quote.length + " bytes, eventLog=" + this.eventLog.size() + " entries, runtimeEvents="
				+ this.runtimeEvents + "]";
	}

}
