package com.teesql.jdbc.attestation;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.errors.UnsupportedPlatformException;
import com.teesql.jdbc.text.StrictUtf8;

/**
 * Decodes dstack's V1 attestation envelope (dstack-attest {@code v1::Attestation}, written by
 * {@code rmp_serde::to_vec_named}) with msgpack-core, strictly:
 * <ul>
 * <li>the whole input is one map, without trailing bytes; {@code version} must be 1;</li>
 * <li>every map has exactly the fields of its upstream struct: a duplicate, unknown or missing key is refused
 * (optional fields are the ones upstream skips when empty: {@code version}, {@code preimage}, {@code digest});</li>
 * <li>the tagged enums ({@code platform}, {@code stack}) are maps {@code {kind, data}} in that order, as serde
 * writes them;</li>
 * <li>every field has its upstream type and encoding: plain {@code Vec<u8>} fields ({@code quote},
 * {@code report_data}) are msgpack arrays of integers 0..255, fields serialised with serde_human_bytes
 * ({@code payload}, {@code digest}, {@code event_payload}, TPM fields) are msgpack {@code bin};
 * strings are strict UTF-8;</li>
 * <li>every length is checked against the bytes left before anything is allocated.</li>
 * </ul>
 * Any violation is a {@link QuoteFormatException} naming the field; no msgpack-core exception escapes.
 */
final class MsgpackAttestationDecoder {

	private final MessageUnpacker in;

	private final int size;

	private MsgpackAttestationDecoder(byte[] data) {
		this.in = MessagePack.newDefaultUnpacker(data);
		this.size = data.length;
	}

	static VersionedAttestation decode(byte[] data) throws QuoteFormatException, UnsupportedPlatformException {
		MsgpackAttestationDecoder decoder = new MsgpackAttestationDecoder(data);
		try {
			VersionedAttestation attestation = decoder.attestation();
			if (decoder.remaining() != 0) {
				throw new QuoteFormatException("VersionedAttestation V1: " + decoder.remaining()
						+ " trailing bytes after the msgpack map at offset " + decoder.in.getTotalReadBytes());
			}
			return attestation;
		}
		catch (QuoteFormatException | UnsupportedPlatformException ex) {
			throw ex;
		}
		catch (IOException | MessagePackException ex) {
			// msgpack-core reports truncation and bad formats this way; the field checks above catch the rest.
			throw new QuoteFormatException("VersionedAttestation V1: malformed msgpack at offset "
					+ decoder.in.getTotalReadBytes() + " (" + ex.getClass().getSimpleName() + ")", ex);
		}
	}

	private VersionedAttestation attestation() throws IOException, QuoteFormatException, UnsupportedPlatformException {
		Fields fields = fields("attestation", Set.of("version", "platform", "stack"), Set.of());
		Platform platform = null;
		Stack stack = null;
		long version = -1;
		for (String key = fields.next(); key != null; key = fields.next()) {
			switch (key) {
				case "version" -> version = unsigned("version", Long.MAX_VALUE);
				case "platform" -> platform = platform();
				default -> stack = stack();
			}
		}
		if (version != 1) {
			throw new QuoteFormatException(
					"VersionedAttestation V1: unsupported attestation version " + version + " (expected 1)");
		}
		return new VersionedAttestation(AttestationFormat.V1, platform.kind, stack.kind, platform.quote,
				platform.eventLog, stack.runtimeEvents, stack.reportData, stack.config,
				Optional.ofNullable(stack.reportDataPayload), Optional.ofNullable(platform.vtpm));
	}

	private Platform platform() throws IOException, QuoteFormatException, UnsupportedPlatformException {
		String kindText = tagged("platform");
		AttestationPlatform kind = AttestationPlatform.ofKind(kindText);
		if (kind == null) {
			throw new QuoteFormatException("msgpack platform.kind \"" + kindText
					+ "\" is not a dstack platform (tdx, gcp-tdx, nitro-enclave, aws-nitro-tpm, sev-snp)");
		}
		if (!kind.supported()) {
			throw new UnsupportedPlatformException(kind.refusal());
		}
		Set<String> required = (kind == AttestationPlatform.GCP_TDX) ? Set.of("quote", "event_log", "tpm_quote")
				: Set.of("quote", "event_log");
		Fields fields = fields("platform.data", required, Set.of());
		Platform platform = new Platform(kind);
		for (String key = fields.next(); key != null; key = fields.next()) {
			switch (key) {
				case "quote" -> platform.quote = byteArray("platform.data.quote");
				case "event_log" -> platform.eventLog = eventLog();
				default -> platform.vtpm = vtpmQuote();
			}
		}
		return platform;
	}

	private List<TdxEventLogEntry> eventLog() throws IOException, QuoteFormatException {
		int count = arrayHeader("platform.data.event_log", 1);
		List<TdxEventLogEntry> events = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String name = "platform.data.event_log[" + i + "]";
			Fields fields = fields(name, Set.of("imr", "event_type", "event", "event_payload"),
					Set.of("digest", "version", "preimage"));
			long imr = 0;
			long type = 0;
			byte[] digest = new byte[0];
			String event = null;
			byte[] payload = null;
			EventLogVersion version = EventLogVersion.V1;
			String preimage = null;
			for (String key = fields.next(); key != null; key = fields.next()) {
				String field = name + "." + key;
				switch (key) {
					case "imr" -> imr = unsigned(field, 0xffffffffL);
					case "event_type" -> type = unsigned(field, 0xffffffffL);
					case "digest" -> digest = bin(field);
					case "event" -> event = string(field);
					case "event_payload" -> payload = bin(field);
					case "version" -> version = version(field);
					default -> preimage = string(field);
				}
			}
			events.add(new TdxEventLogEntry(imr, type, digest, event, payload, version, preimage));
		}
		return events;
	}

	private VtpmQuote vtpmQuote() throws IOException, QuoteFormatException {
		Fields fields = fields("platform.data.tpm_quote",
				Set.of("message", "signature", "pcr_values", "ak_cert", "platform", "event_log"), Set.of());
		byte[] message = null;
		byte[] signature = null;
		byte[] akCert = null;
		String platform = null;
		List<VtpmQuote.PcrValue> pcrs = null;
		List<VtpmQuote.TpmEvent> events = null;
		for (String key = fields.next(); key != null; key = fields.next()) {
			String field = "platform.data.tpm_quote." + key;
			switch (key) {
				case "message" -> message = bin(field);
				case "signature" -> signature = bin(field);
				case "ak_cert" -> akCert = bin(field);
				case "platform" -> {
					platform = string(field);
					if (!VtpmQuote.PLATFORMS.contains(platform)) {
						throw new QuoteFormatException(
								"msgpack " + field + " \"" + platform + "\" is not one of " + VtpmQuote.PLATFORMS);
					}
				}
				case "pcr_values" -> {
					int count = arrayHeader(field, 1);
					pcrs = new ArrayList<>(count);
					for (int i = 0; i < count; i++) {
						String name = field + "[" + i + "]";
						Fields pcr = fields(name, Set.of("index", "algorithm", "value"), Set.of());
						long index = 0;
						String algorithm = null;
						byte[] value = null;
						for (String k = pcr.next(); k != null; k = pcr.next()) {
							switch (k) {
								case "index" -> index = unsigned(name + ".index", 0xffffffffL);
								case "algorithm" -> algorithm = string(name + ".algorithm");
								default -> value = bin(name + ".value");
							}
						}
						pcrs.add(new VtpmQuote.PcrValue(index, algorithm, value));
					}
				}
				default -> {
					int count = arrayHeader(field, 1);
					events = new ArrayList<>(count);
					for (int i = 0; i < count; i++) {
						String name = field + "[" + i + "]";
						Fields event = fields(name, Set.of("pcr_index", "digest"), Set.of());
						long index = 0;
						byte[] digest = null;
						for (String k = event.next(); k != null; k = event.next()) {
							if (k.equals("pcr_index")) {
								index = unsigned(name + ".pcr_index", 0xffffffffL);
							}
							else {
								digest = bin(name + ".digest");
							}
						}
						events.add(new VtpmQuote.TpmEvent(index, digest));
					}
				}
			}
		}
		return new VtpmQuote(message, signature, pcrs, akCert, platform, events);
	}

	private Stack stack() throws IOException, QuoteFormatException {
		String kindText = tagged("stack");
		StackKind kind = StackKind.ofKind(kindText);
		if (kind == null) {
			throw new QuoteFormatException(
					"msgpack stack.kind \"" + kindText + "\" is not a dstack stack (dstack, dstack-pod)");
		}
		Set<String> required = (kind == StackKind.DSTACK_POD)
				? Set.of("report_data", "runtime_events", "config", "report_data_payload")
				: Set.of("report_data", "runtime_events", "config");
		Fields fields = fields("stack.data", required, Set.of());
		Stack stack = new Stack(kind);
		for (String key = fields.next(); key != null; key = fields.next()) {
			switch (key) {
				case "report_data" -> {
					stack.reportData = byteArray("stack.data.report_data");
					if (stack.reportData.length != 64) {
						throw new QuoteFormatException("msgpack stack.data.report_data must be 64 bytes, got "
								+ stack.reportData.length);
					}
				}
				case "runtime_events" -> stack.runtimeEvents = runtimeEvents();
				case "config" -> stack.config = string("stack.data.config");
				default -> stack.reportDataPayload = string("stack.data.report_data_payload");
			}
		}
		return stack;
	}

	private List<RuntimeEvent> runtimeEvents() throws IOException, QuoteFormatException {
		int count = arrayHeader("stack.data.runtime_events", 1);
		List<RuntimeEvent> events = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String name = "stack.data.runtime_events[" + i + "]";
			Fields fields = fields(name, Set.of("event", "payload"), Set.of("version"));
			String event = null;
			byte[] payload = null;
			EventLogVersion version = EventLogVersion.V1;
			for (String key = fields.next(); key != null; key = fields.next()) {
				switch (key) {
					case "event" -> event = string(name + ".event");
					case "payload" -> payload = bin(name + ".payload");
					default -> version = version(name + ".version");
				}
			}
			events.add(new RuntimeEvent(event, payload, version));
		}
		return events;
	}

	private EventLogVersion version(String field) throws IOException, QuoteFormatException {
		long number = unsigned(field, Long.MAX_VALUE);
		EventLogVersion version = EventLogVersion.of(number);
		if (version == null) {
			throw new QuoteFormatException("msgpack " + field + ": unknown event log version " + number + " (1 or 2)");
		}
		return version;
	}

	/** Reads the {@code kind} of an adjacently tagged enum and leaves the reader at its {@code data} value. */
	private String tagged(String name) throws IOException, QuoteFormatException {
		int entries = mapHeader(name);
		if (entries != 2) {
			throw new QuoteFormatException("msgpack " + name + " must be a map {kind, data}, got " + entries + " entries");
		}
		String first = string(name + " key");
		if (!first.equals("kind")) {
			throw new QuoteFormatException("msgpack " + name + ": expected key \"kind\" first, got \"" + first + "\"");
		}
		String kind = string(name + ".kind");
		String second = string(name + " key");
		if (!second.equals("data")) {
			throw new QuoteFormatException("msgpack " + name + ": expected key \"data\" after kind, got \"" + second + "\"");
		}
		return kind;
	}

	private Fields fields(String name, Set<String> required, Set<String> optional)
			throws IOException, QuoteFormatException {
		return new Fields(name, mapHeader(name), required, optional);
	}

	private int mapHeader(String field) throws IOException, QuoteFormatException {
		expect(field, ValueType.MAP, "a map");
		int entries = this.in.unpackMapHeader();
		checkCount(field, entries, 2);
		return entries;
	}

	private int arrayHeader(String field, int minElementSize) throws IOException, QuoteFormatException {
		expect(field, ValueType.ARRAY, "an array");
		int count = this.in.unpackArrayHeader();
		checkCount(field, count, minElementSize);
		return count;
	}

	private String string(String field) throws IOException, QuoteFormatException {
		expect(field, ValueType.STRING, "a string");
		int length = this.in.unpackRawStringHeader();
		byte[] bytes = payload(field, length);
		try {
			return StrictUtf8.decode(bytes);
		}
		catch (CharacterCodingException ex) {
			throw new QuoteFormatException("msgpack " + field + " is not valid UTF-8");
		}
	}

	private byte[] bin(String field) throws IOException, QuoteFormatException {
		expect(field, ValueType.BINARY, "bin (serde_human_bytes)");
		return payload(field, this.in.unpackBinaryHeader());
	}

	/** A plain {@code Vec<u8>}: rmp_serde writes it as an array of integers, one per byte. */
	private byte[] byteArray(String field) throws IOException, QuoteFormatException {
		int count = arrayHeader(field, 1);
		byte[] bytes = new byte[count];
		for (int i = 0; i < count; i++) {
			bytes[i] = (byte) unsigned(field + "[" + i + "]", 0xff);
		}
		return bytes;
	}

	private long unsigned(String field, long max) throws IOException, QuoteFormatException {
		expect(field, ValueType.INTEGER, "an integer");
		if (this.in.getNextFormat() == MessageFormat.UINT64) {
			BigInteger value = this.in.unpackBigInteger();
			if (value.bitLength() > 63 || value.longValue() > max) {
				throw new QuoteFormatException("msgpack " + field + ": " + value + " is out of range 0.." + max);
			}
			return value.longValue();
		}
		long value = this.in.unpackLong();
		if (value < 0 || value > max) {
			throw new QuoteFormatException("msgpack " + field + ": " + value + " is out of range 0.." + max);
		}
		return value;
	}

	private byte[] payload(String field, int length) throws IOException, QuoteFormatException {
		if (length < 0 || length > remaining()) {
			throw new QuoteFormatException("msgpack " + field + ": length " + Integer.toUnsignedString(length)
					+ " exceeds the " + remaining() + " remaining bytes");
		}
		return this.in.readPayload(length);
	}

	private void expect(String field, ValueType type, String description) throws IOException, QuoteFormatException {
		if (!this.in.hasNext()) {
			throw new QuoteFormatException("msgpack " + field + ": truncated at offset " + this.in.getTotalReadBytes());
		}
		MessageFormat format = this.in.getNextFormat();
		if (format == MessageFormat.NEVER_USED) {
			throw new QuoteFormatException("msgpack " + field + ": reserved byte 0xc1 at offset "
					+ this.in.getTotalReadBytes());
		}
		if (format.getValueType() != type) {
			throw new QuoteFormatException("msgpack " + field + " must be " + description + ", got "
					+ format.getValueType().name().toLowerCase(Locale.ROOT) + " at offset "
					+ this.in.getTotalReadBytes());
		}
	}

	private void checkCount(String field, int count, int minElementSize) throws QuoteFormatException {
		if (count < 0 || (long) count * minElementSize > remaining()) {
			throw new QuoteFormatException("msgpack " + field + ": " + Integer.toUnsignedString(count)
					+ " entries cannot fit in the " + remaining() + " remaining bytes");
		}
	}

	private long remaining() {
		return this.size - this.in.getTotalReadBytes();
	}

	/** Iterates the keys of one struct-shaped map, refusing duplicate, unknown and (at the end) missing keys. */
	private final class Fields {

		private final String name;

		private final Set<String> required;

		private final Set<String> optional;

		private final Set<String> seen = new HashSet<>();

		private int left;

		Fields(String name, int entries, Set<String> required, Set<String> optional) {
			this.name = name;
			this.left = entries;
			this.required = required;
			this.optional = optional;
		}

		/** The next key (its value is read next), or {@code null} once every key was read and all required seen. */
		String next() throws IOException, QuoteFormatException {
			if (this.left == 0) {
				for (String key : this.required) {
					if (!this.seen.contains(key)) {
						throw new QuoteFormatException("msgpack " + this.name + ": missing field \"" + key + "\"");
					}
				}
				return null;
			}
			this.left--;
			String key = string(this.name + " key");
			if (!this.required.contains(key) && !this.optional.contains(key)) {
				throw new QuoteFormatException("msgpack " + this.name + ": unknown field \"" + key + "\"");
			}
			if (!this.seen.add(key)) {
				throw new QuoteFormatException("msgpack " + this.name + ": duplicate field \"" + key + "\"");
			}
			return key;
		}

	}

	private static final class Platform {

		final AttestationPlatform kind;

		byte[] quote;

		List<TdxEventLogEntry> eventLog;

		VtpmQuote vtpm;

		Platform(AttestationPlatform kind) {
			this.kind = kind;
		}

	}

	private static final class Stack {

		final StackKind kind;

		byte[] reportData;

		List<RuntimeEvent> runtimeEvents;

		String config;

		String reportDataPayload;

		Stack(StackKind kind) {
			this.kind = kind;
		}

	}

}
