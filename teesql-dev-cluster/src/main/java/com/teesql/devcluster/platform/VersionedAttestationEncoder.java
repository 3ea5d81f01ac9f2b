package com.teesql.devcluster.platform;

import java.util.List;

import com.teesql.jdbc.attestation.TdxQuoteLayout;

/**
 * Encodes dstack's {@code VersionedAttestation} V0 (SCALE), the payload of the RA-TLS extension
 * {@code 1.3.6.1.4.1.62397.1.8}.
 */
public final class VersionedAttestationEncoder {

	private static final int VERSION_V0 = 0;

	private static final int QUOTE_DSTACK_TDX = 0;

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
	public static byte[] encodeV0(byte[] quote, List<TdxEvent> eventLog, List<RuntimeEvent> runtimeEvents,
			byte[] reportData, String config) {
		ScaleWriter writer = new ScaleWriter().u8(VERSION_V0).u8(QUOTE_DSTACK_TDX).bytes(quote);
		writer.compact(eventLog.size());
		for (TdxEvent event : eventLog) {
			writer.u32(event.imr()).u32(event.eventType()).bytes(event.digest()).string(event.event())
				.bytes(event.payload());
		}
		writer.compact(runtimeEvents.size());
		for (RuntimeEvent event : runtimeEvents) {
			writer.string(event.event()).bytes(event.payload());
		}
		writer.fixed(reportData, TdxQuoteLayout.REPORT_DATA_SIZE).string(config);
		// Attestation.report is the unit type: it encodes to nothing.
		return writer.toByteArray();
	}

}
