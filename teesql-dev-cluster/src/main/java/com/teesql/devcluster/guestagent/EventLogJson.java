package com.teesql.devcluster.guestagent;

import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.attestation.EventLogVersion;
import com.teesql.jdbc.attestation.TdxEventLogEntry;

/**
 * The JSON form of a TDX event log as dstack's guest agent returns it: an array of
 * {@code {imr, event_type, digest, event, event_payload}} with hex digests and payloads.
 */
final class EventLogJson {

	private EventLogJson() {
	}

	static ArrayNode toJson(ObjectMapper json, List<TdxEventLogEntry> events) {
		HexFormat hex = HexFormat.of();
		ArrayNode array = json.createArrayNode();
		for (TdxEventLogEntry event : events) {
			ObjectNode entry = array.addObject();
			entry.put("imr", event.imr());
			entry.put("event_type", event.eventType());
			entry.put("digest", hex.formatHex(event.digest()));
			entry.put("event", event.event());
			entry.put("event_payload", hex.formatHex(event.payload()));
			// As cc-eventlog serialises a TdxEvent: version only when 2, and then the digest preimage.
			if (event.version() == EventLogVersion.V2) {
				entry.put("version", 2);
				event.toRuntimeEvent().ifPresent((runtime) -> entry.put("preimage", hex.formatHex(runtime.preimage())));
			}
		}
		return array;
	}

}
