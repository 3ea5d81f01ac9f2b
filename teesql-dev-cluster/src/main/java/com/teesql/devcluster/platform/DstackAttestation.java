package com.teesql.devcluster.platform;

import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.attestation.AttestationFormat;
import com.teesql.jdbc.attestation.StackKind;
import com.teesql.jdbc.attestation.TdxEventLogEntry;

/**
 * The dstack-specific attestation material around a quote: the VM and attestation config JSON and the
 * {@code VersionedAttestation} envelope, shaped like a dstack 0.5 guest produces them.
 */
public final class DstackAttestation {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final int DEV_CPU_COUNT = 2;

	private static final long DEV_MEMORY_SIZE = 2L * 1024 * 1024 * 1024;

	private DstackAttestation() {
	}

	/**
	 * Encodes a V0 {@code VersionedAttestation} for a quote of this TD: the runtime events appear both in the event
	 * log (as IMR 3 entries) and as runtime events.
	 * @param quote the raw quote
	 * @param td the quoted identity
	 * @param reportData the quote's 64-byte REPORTDATA
	 * @return the SCALE bytes
	 */
	public static byte[] encode(byte[] quote, TdIdentity td, byte[] reportData) {
		return encode(quote, td, td.runtimeEvents(), reportData);
	}

	/**
	 * Encodes a V0 {@code VersionedAttestation} whose runtime events are given rather than the TD's own.
	 * @param quote the raw quote
	 * @param td the quoted identity
	 * @param runtimeEvents the events the quote's RTMR3 replays
	 * @param reportData the quote's 64-byte REPORTDATA
	 * @return the SCALE bytes
	 */
	public static byte[] encode(byte[] quote, TdIdentity td, List<RuntimeEvent> runtimeEvents, byte[] reportData) {
		return encode(quote, td, runtimeEvents, reportData, EnvelopeKnobs.dstackDefault());
	}

	/**
	 * Encodes the envelope the knobs ask for.
	 * @param quote the raw quote
	 * @param td the quoted identity
	 * @param runtimeEvents the events the quote's RTMR3 replays (with their versions)
	 * @param reportData the quote's 64-byte REPORTDATA
	 * @param envelope format, platform, stack
	 * @return the envelope bytes
	 */
	public static byte[] encode(byte[] quote, TdIdentity td, List<RuntimeEvent> runtimeEvents, byte[] reportData,
			EnvelopeKnobs envelope) {
		List<TdxEventLogEntry> eventLog = runtimeEvents.stream().map(RuntimeEvent::toTdxEvent).toList();
		if (envelope.format() == AttestationFormat.V0) {
			return VersionedAttestationEncoder.encodeV0(envelope.platform(), quote, eventLog, runtimeEvents,
					reportData, config(td));
		}
		String payload = (envelope.stack() == StackKind.DSTACK_POD) ? EnvelopeKnobs.POD_PAYLOAD : null;
		return VersionedAttestationEncoder.encodeV1(envelope.platform(), envelope.stack(), quote, eventLog,
				runtimeEvents, reportData, config(td), payload);
	}

	/**
	 * The VM config JSON (a string inside other JSON documents, as dstack nests it).
	 * @param td the TD
	 * @return the JSON text
	 */
	public static String vmConfig(TdIdentity td) {
		ObjectNode node = JSON.createObjectNode();
		node.put("os_image_hash", HexFormat.of().formatHex(td.osImageHash()));
		node.put("cpu_count", DEV_CPU_COUNT);
		node.put("memory_size", DEV_MEMORY_SIZE);
		node.put("image", "teesql-dev");
		node.put("spec_version", 1);
		return write(node);
	}

	/**
	 * The attestation config JSON ({@code Attestation.config}); the dev cluster has no KMS or gateway.
	 * @param td the TD
	 * @return the JSON text
	 */
	public static String config(TdIdentity td) {
		ObjectNode node = JSON.createObjectNode();
		node.putArray("kms_urls");
		node.putArray("gateway_urls");
		node.put("pccs_url", "");
		node.put("docker_registry", "");
		node.put("host_api_url", "");
		node.put("vm_config", vmConfig(td));
		return write(node);
	}

	private static String write(ObjectNode node) {
		try {
			return JSON.writeValueAsString(node);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Could not write dstack config JSON", ex);
		}
	}

}
