package com.teesql.jdbc.attestation;

import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replays dstack runtime events into RTMR3: the register starts at 48 zero bytes and each event extends it with
 * {@code rtmr = SHA-384(rtmr ‖ digest)}, where the digest depends on the event's {@link EventLogVersion} (see
 * {@link RuntimeEvent#digest()}); V1, V2 and mixed logs replay alike. Only a replay that equals the quote's RTMR3
 * makes the events' app-id, compose-hash and instance-id attested values.
 */
public final class Rtmr3Replay {

	private Rtmr3Replay() {
	}

	/**
	 * The RTMR3 value the events produce.
	 * @param events runtime events in order
	 * @return 48 bytes
	 */
	public static byte[] replay(List<RuntimeEvent> events) {
		MessageDigest sha384 = RuntimeEvent.sha384();
		byte[] rtmr = new byte[TdxQuoteLayout.MEASUREMENT_SIZE];
		for (RuntimeEvent event : events) {
			sha384.update(rtmr);
			sha384.update(event.digest());
			rtmr = sha384.digest();
		}
		return rtmr;
	}

	/**
	 * The event log versions present, in the order they first appear (for display: "V1", "V2" or both).
	 * @param events runtime events
	 * @return the versions
	 */
	public static Set<EventLogVersion> versions(List<RuntimeEvent> events) {
		Set<EventLogVersion> versions = new LinkedHashSet<>();
		events.forEach((event) -> versions.add(event.version()));
		return versions;
	}

}
