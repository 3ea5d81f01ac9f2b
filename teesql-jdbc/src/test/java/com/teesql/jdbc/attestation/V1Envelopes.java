package com.teesql.jdbc.attestation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Builds dstack V1 envelopes for tests the way {@code rmp_serde::to_vec_named} writes dstack-attest's
 * {@code v1::Attestation}: named fields in declaration order, tagged enums as {@code {kind, data}}, plain
 * {@code Vec<u8>} as arrays of integers ({@link Ints}), serde_human_bytes fields as {@code bin} ({@code byte[]}),
 * {@code version} of an event only when it is 2.
 */
final class V1Envelopes {

	private V1Envelopes() {
	}

	/** A plain {@code Vec<u8>}: packed as a msgpack array of integers. */
	record Ints(byte[] bytes) {
	}

	static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	static Map<String, Object> runtimeEvent(RuntimeEvent event) {
		Map<String, Object> map = map("event", event.event(), "payload", event.payload());
		if (event.version() == EventLogVersion.V2) {
			map.put("version", 2);
		}
		return map;
	}

	static Map<String, Object> tdxEvent(RuntimeEvent event) {
		// A runtime event as the stripped event log keeps it: digest emptied, payload kept.
		Map<String, Object> map = map("imr", 3, "event_type", 0x08000001L, "digest", new byte[0], "event",
				event.event(), "event_payload", event.payload());
		if (event.version() == EventLogVersion.V2) {
			map.put("version", 2);
		}
		return map;
	}

	static Map<String, Object> tpmQuote() {
		return map("message", new byte[] { (byte) 0xff, 'T', 'C', 'G' }, "signature", new byte[] { 1, 2 },
				"pcr_values", List.of(map("index", 14, "algorithm", "sha256", "value", new byte[32])), "ak_cert",
				new byte[] { 0x30, 0x00 }, "platform", "gcp", "event_log",
				List.of(map("pcr_index", 14, "digest", new byte[32])));
	}

	static Map<String, Object> attestation(String platform, byte[] quote, List<RuntimeEvent> events, byte[] reportData,
			String stack, String payload) {
		Map<String, Object> platformData = map("quote", new Ints(quote), "event_log",
				events.stream().map(V1Envelopes::tdxEvent).toList());
		if (platform.equals("gcp-tdx")) {
			platformData.put("tpm_quote", tpmQuote());
		}
		Map<String, Object> stackData = map("report_data", new Ints(reportData), "runtime_events",
				events.stream().map(V1Envelopes::runtimeEvent).toList(), "config", "{\"vm_config\":\"{}\"}");
		if (payload != null) {
			stackData.put("report_data_payload", payload);
		}
		return map("version", 1, "platform", map("kind", platform, "data", platformData), "stack",
				map("kind", stack, "data", stackData));
	}

	static byte[] pack(Object value) {
		try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
			write(packer, value);
			packer.flush();
			return packer.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static void write(MessageBufferPacker packer, Object value) throws IOException {
		if (value instanceof Map<?, ?> map) {
			packer.packMapHeader(map.size());
			for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
				packer.packString(entry.getKey());
				write(packer, entry.getValue());
			}
		}
		else if (value instanceof List<?> list) {
			packer.packArrayHeader(list.size());
			for (Object item : list) {
				write(packer, item);
			}
		}
		else if (value instanceof Ints ints) {
			packer.packArrayHeader(ints.bytes().length);
			for (byte b : ints.bytes()) {
				packer.packInt(b & 0xff);
			}
		}
		else if (value instanceof byte[] bytes) {
			packer.packBinaryHeader(bytes.length);
			packer.writePayload(bytes);
		}
		else if (value instanceof String text) {
			packer.packString(text);
		}
		else if (value instanceof Number number) {
			packer.packLong(number.longValue());
		}
		else if (value == null) {
			packer.packNil();
		}
		else {
			throw new IllegalArgumentException("cannot pack " + value.getClass());
		}
	}

}
