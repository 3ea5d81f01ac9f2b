package com.teesql.jdbc.attestation;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * Replays the TDX event log of an envelope into RTMR0..RTMR3: each register starts at 48 zero bytes and every
 * entry on its IMR extends it with {@code SHA-384(rtmr ‖ digest)} (the logged digest for boot events, the
 * recomputed one for dstack runtime events).
 * <p>
 * dstack embeds a <em>stripped</em> log in certificates: boot events are dropped (only the RTMR0 ACPI DATA events are
 * kept) and runtime events lose their digest, so RTMR0..2 usually do not replay from a certificate; where they do,
 * every boot event of the register was logged and the replayed value is the quoted one. RTMR3 is replayed from the
 * runtime events instead ({@link Rtmr3Replay}), as dstack does.
 */
public final class TdxEventLogReplay {

	private TdxEventLogReplay() {
	}

	/**
	 * The four registers the log produces.
	 * @param eventLog the entries in order
	 * @return RTMR0..RTMR3, 48 bytes each
	 */
	public static byte[][] replay(List<TdxEventLogEntry> eventLog) {
		MessageDigest sha384 = RuntimeEvent.sha384();
		byte[][] rtmrs = new byte[4][TdxQuoteLayout.MEASUREMENT_SIZE];
		for (TdxEventLogEntry entry : eventLog) {
			if (entry.imr() < 0 || entry.imr() > 3) {
				continue;
			}
			int imr = (int) entry.imr();
			sha384.update(rtmrs[imr]);
			sha384.update(entry.effectiveDigest());
			rtmrs[imr] = sha384.digest();
		}
		return rtmrs;
	}

	/**
	 * Whether the log replays to each of the quote's RTMR0..RTMR3.
	 * @param eventLog the entries
	 * @param quote the quote
	 * @return four flags
	 */
	public static boolean[] matches(List<TdxEventLogEntry> eventLog, TdxQuote quote) {
		byte[][] replayed = replay(eventLog);
		boolean[] matches = new boolean[4];
		for (int i = 0; i < 4; i++) {
			matches[i] = Arrays.equals(replayed[i], quote.rtmr(i));
		}
		return matches;
	}

}
