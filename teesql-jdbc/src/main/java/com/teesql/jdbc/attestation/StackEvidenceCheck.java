package com.teesql.jdbc.attestation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.errors.ReportDataBindingException;

/**
 * What the stack evidence of an envelope must satisfy before its quote is verified.
 * <ul>
 * <li>{@code dstack-pod}: dstack's verifier requires {@code report_data = SHA-512("app-data:" ‖
 * report_data_payload)}, so the quote then attests an application payload, not a TLS key. An RA-TLS certificate
 * needs {@code report_data = SHA-512("ratls-cert:" ‖ SPKI)}; both cannot hold at once, so such evidence cannot
 * authenticate a connection and is refused (dstack's own {@code verify_with_ra_pubkey} would refuse it as well).
 * Evidence whose report data is not derived from its payload is refused with dstack's message.</li>
 * <li>V2 runtime events in the TDX event log that carry a digest preimage: the preimage must be the canonical event
 * JSON and, where the entry keeps its digest, hash to it (dstack's {@code validate_v2_preimages}); the RTMR3 replay
 * itself recomputes every digest from name and payload.</li>
 * </ul>
 */
public final class StackEvidenceCheck {

	private StackEvidenceCheck() {
	}

	/**
	 * Check the envelope.
	 * @param envelope the decoded envelope
	 * @throws AttestationException if the stack evidence cannot be accepted
	 */
	public static void check(VersionedAttestation envelope) throws AttestationException {
		Optional<String> payload = envelope.reportDataPayload();
		if (payload.isPresent()) {
			byte[] expected = appDataReportData(payload.get());
			if (!Arrays.equals(expected, envelope.reportData())) {
				throw new ReportDataBindingException("dstack-pod evidence: report_data does not match "
						+ "report_data_payload (dstack requires report_data = SHA-512(\"app-data:\" ‖ payload)) — "
						+ "connection refused");
			}
			throw new ReportDataBindingException("dstack-pod evidence binds report_data to its report_data_payload "
					+ "(SHA-512(\"app-data:\" ‖ payload)), not to the certificate key: it cannot authenticate this TLS "
					+ "connection — connection refused");
		}
		for (int i = 0; i < envelope.eventLog().size(); i++) {
			checkPreimage(i, envelope.eventLog().get(i));
		}
	}

	private static void checkPreimage(int index, TdxEventLogEntry entry) throws QuoteFormatException {
		if (entry.preimage() == null || entry.version() != EventLogVersion.V2 || !entry.isRuntimeEvent()) {
			return;
		}
		RuntimeEvent event = entry.toRuntimeEvent().orElseThrow();
		byte[] supplied;
		try {
			supplied = Hex.decode(entry.preimage());
		}
		catch (IllegalArgumentException ex) {
			throw new QuoteFormatException("V2 runtime event " + index + " in the TDX event log has a malformed "
					+ "digest preimage (not hex)");
		}
		if (!Arrays.equals(supplied, event.preimage())) {
			throw new QuoteFormatException("V2 runtime event " + index + " (" + entry.event() + ") in the TDX event "
					+ "log: its preimage is not the canonical event representation");
		}
		byte[] digest = entry.digest();
		if (digest.length != 0 && !Arrays.equals(digest, event.digest())) {
			throw new QuoteFormatException("V2 runtime event " + index + " (" + entry.event() + ") in the TDX event "
					+ "log: its digest does not match its preimage");
		}
	}

	/**
	 * dstack's {@code QuoteContentType::AppData} report data: SHA-512("app-data:" ‖ payload).
	 * @param payload the report_data_payload
	 * @return 64 bytes
	 */
	public static byte[] appDataReportData(String payload) {
		try {
			MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
			sha512.update("app-data:".getBytes(StandardCharsets.US_ASCII));
			return sha512.digest(payload.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-512 is required by every Java platform", ex);
		}
	}

}
