package com.teesql.devcluster.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import com.teesql.jdbc.attestation.AttestationPlatform;
import com.teesql.jdbc.attestation.EventLogVersion;
import com.teesql.jdbc.attestation.StackKind;
import com.teesql.jdbc.attestation.TdxEventLogEntry;
import com.teesql.jdbc.attestation.TdxQuoteLayout;

/**
 * Encodes dstack's {@code VersionedAttestation}, the payload of the RA-TLS extension {@code 1.3.6.1.4.1.62397.1.8}:
 * V0 (SCALE, {@code LegacyVersionedAttestation::V0}) and V1 (msgpack as {@code rmp_serde::to_vec_named} writes
 * dstack-attest's {@code v1::Attestation}: named fields in declaration order, tagged enums as {@code {kind, data}},
 * plain {@code Vec<u8>} as arrays of integers, serde_human_bytes fields as {@code bin}, an event's {@code version}
 * only when it is 2).
 */
public final class VersionedAttestationEncoder {

	private static final int VERSION_V0 = 0;

	/** Dummy evidence for platforms the client refuses: well-formed, never verified by anyone. */
	private static final byte[] FOREIGN_EVIDENCE = { (byte) 0xd2, (byte) 0x84, 0x44, (byte) 0xa1 };

	private VersionedAttestationEncoder() {
	}

	/**
	 * Encodes a V0 attestation for a TDX quote.
	 * @param quote the raw TDX quote
	 * @param eventLog the TDX event log entries
	 * @param runtimeEvents the dstack runtime events
	 * @param reportData the 64-byte report data (must equal the quote's REPORTDATA)
	 * @param config the dstack config JSON
	 * @return the SCALE bytes, starting with the version tag {@code 0x00}
	 */
	public static byte[] encodeV0(byte[] quote, List<TdxEventLogEntry> eventLog, List<RuntimeEvent> runtimeEvents,
			byte[] reportData, String config) {
		return encodeV0(AttestationPlatform.TDX, quote, eventLog, runtimeEvents, reportData, config);
	}

	/**
	 * Encodes a V0 attestation of a platform ({@code AttestationQuote} variant 0..4).
	 * @param platform the platform
	 * @param quote the raw TDX quote (TDX platforms)
	 * @param eventLog the TDX event log entries (TDX platforms)
	 * @param runtimeEvents the dstack runtime events (V1 only: SCALE skips the version)
	 * @param reportData the 64-byte report data
	 * @param config the dstack config JSON
	 * @return the SCALE bytes
	 */
	public static byte[] encodeV0(AttestationPlatform platform, byte[] quote, List<TdxEventLogEntry> eventLog,
			List<RuntimeEvent> runtimeEvents, byte[] reportData, String config) {
		ScaleWriter writer = new ScaleWriter().u8(VERSION_V0).u8(platform.v0Variant());
		switch (platform) {
			case TDX, GCP_TDX -> {
				writer.bytes(quote).compact(eventLog.size());
				for (TdxEventLogEntry event : eventLog) {
					writer.u32(event.imr()).u32(event.eventType()).bytes(event.digest()).string(event.event())
						.bytes(event.payload());
				}
				if (platform == AttestationPlatform.GCP_TDX) {
					// TpmQuote: message, signature, pcr_values, ak_cert, platform (1 = gcp), event_log.
					writer.bytes(FOREIGN_EVIDENCE).bytes(FOREIGN_EVIDENCE).compact(1).u32(14).string("sha256")
						.bytes(new byte[32]).bytes(FOREIGN_EVIDENCE).u8(1).compact(0);
				}
			}
			case SEV_SNP -> writer.bytes(FOREIGN_EVIDENCE).compact(0).string("");
			default -> writer.bytes(FOREIGN_EVIDENCE);
		}
		writer.compact(runtimeEvents.size());
		for (RuntimeEvent event : runtimeEvents) {
			if (event.version() != EventLogVersion.V1) {
				throw new IllegalArgumentException("a V0 envelope cannot carry V2 runtime events");
			}
			writer.string(event.event()).bytes(event.payload());
		}
		writer.fixed(reportData, TdxQuoteLayout.REPORT_DATA_SIZE).string(config);
		// Attestation.report is the unit type: it encodes to nothing.
		return writer.toByteArray();
	}

	/**
	 * Encodes a V1 (msgpack) attestation.
	 * @param platform the platform
	 * @param stack the stack
	 * @param quote the raw TDX quote (TDX platforms)
	 * @param eventLog the TDX event log entries (TDX platforms; runtime events stripped of their digest, as dstack
	 * embeds them in certificates)
	 * @param runtimeEvents the runtime events
	 * @param reportData the 64-byte report data
	 * @param config the dstack config JSON
	 * @param reportDataPayload the dstack-pod payload, or {@code null} for the dstack stack
	 * @return the msgpack bytes, starting with a fixmap prefix
	 */
	public static byte[] encodeV1(AttestationPlatform platform, StackKind stack, byte[] quote,
			List<TdxEventLogEntry> eventLog, List<RuntimeEvent> runtimeEvents, byte[] reportData, String config,
			String reportDataPayload) {
		try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
			out.packMapHeader(3);
			out.packString("version").packInt(1);
			out.packString("platform");
			platform(out, platform, quote, eventLog);
			out.packString("stack").packMapHeader(2).packString("kind").packString(stack.kind()).packString("data");
			boolean pod = stack == StackKind.DSTACK_POD;
			out.packMapHeader(pod ? 4 : 3);
			out.packString("report_data");
			ints(out, reportData);
			out.packString("runtime_events").packArrayHeader(runtimeEvents.size());
			for (RuntimeEvent event : runtimeEvents) {
				boolean v2 = event.version() == EventLogVersion.V2;
				out.packMapHeader(v2 ? 3 : 2).packString("event").packString(event.event()).packString("payload");
				bin(out, event.payload());
				if (v2) {
					out.packString("version").packInt(2);
				}
			}
			out.packString("config").packString(config);
			if (pod) {
				out.packString("report_data_payload").packString(reportDataPayload);
			}
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void platform(MessageBufferPacker out, AttestationPlatform platform, byte[] quote,
			List<TdxEventLogEntry> eventLog) throws IOException {
		out.packMapHeader(2).packString("kind").packString(platform.kind()).packString("data");
		switch (platform) {
			case TDX, GCP_TDX -> {
				boolean gcp = platform == AttestationPlatform.GCP_TDX;
				out.packMapHeader(gcp ? 3 : 2).packString("quote");
				ints(out, quote);
				out.packString("event_log").packArrayHeader(eventLog.size());
				for (TdxEventLogEntry event : eventLog) {
					boolean v2 = event.version() == EventLogVersion.V2;
					out.packMapHeader(v2 ? 6 : 5).packString("imr").packLong(event.imr()).packString("event_type")
						.packLong(event.eventType()).packString("digest");
					// dstack strips a runtime event's digest in certificates (the verifier recomputes it).
					bin(out, event.isRuntimeEvent() ? new byte[0] : event.digest());
					out.packString("event").packString(event.event()).packString("event_payload");
					bin(out, event.payload());
					if (v2) {
						out.packString("version").packInt(2);
					}
				}
				if (gcp) {
					out.packString("tpm_quote").packMapHeader(6).packString("message");
					bin(out, FOREIGN_EVIDENCE);
					out.packString("signature");
					bin(out, FOREIGN_EVIDENCE);
					out.packString("pcr_values").packArrayHeader(1).packMapHeader(3).packString("index").packInt(14)
						.packString("algorithm").packString("sha256").packString("value");
					bin(out, new byte[32]);
					out.packString("ak_cert");
					bin(out, FOREIGN_EVIDENCE);
					out.packString("platform").packString("gcp").packString("event_log").packArrayHeader(0);
				}
			}
			case NITRO_ENCLAVE -> {
				out.packMapHeader(1).packString("nsm_quote");
				ints(out, FOREIGN_EVIDENCE);
			}
			case AWS_NITRO_TPM -> {
				out.packMapHeader(1).packString("attestation_doc");
				ints(out, FOREIGN_EVIDENCE);
			}
			case SEV_SNP -> {
				out.packMapHeader(3).packString("report");
				ints(out, FOREIGN_EVIDENCE);
				out.packString("cert_chain").packArrayHeader(0).packString("mr_config").packString("");
			}
		}
	}

	/** A plain {@code Vec<u8>}: rmp_serde writes a sequence, one integer per byte. */
	private static void ints(MessageBufferPacker out, byte[] bytes) throws IOException {
		out.packArrayHeader(bytes.length);
		for (byte b : bytes) {
			out.packInt(b & 0xff);
		}
	}

	/** A serde_human_bytes field: msgpack bin in a binary format. */
	private static void bin(MessageBufferPacker out, byte[] bytes) throws IOException {
		out.packBinaryHeader(bytes.length).writePayload(bytes);
	}

}
