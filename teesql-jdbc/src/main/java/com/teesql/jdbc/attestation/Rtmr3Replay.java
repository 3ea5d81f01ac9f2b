package com.teesql.jdbc.attestation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Replays dstack runtime events into RTMR3: each event digest is SHA-384(u32 LE event type ‖ ":" ‖ name ‖ ":" ‖
 * payload) and the register starts at 48 zero bytes with {@code rtmr = SHA-384(rtmr ‖ digest)}. Only a replay that
 * equals the quote's RTMR3 makes the events' app-id, compose-hash and instance-id attested values.
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
		MessageDigest sha384 = sha384();
		byte[] rtmr = new byte[TdxQuoteLayout.MEASUREMENT_SIZE];
		byte[] type = ByteBuffer.allocate(4)
			.order(ByteOrder.LITTLE_ENDIAN)
			.putInt(TdxQuoteLayout.DSTACK_RUNTIME_EVENT_TYPE)
			.array();
		byte[] colon = { ':' };
		for (RuntimeEvent event : events) {
			sha384.update(type);
			sha384.update(colon);
			sha384.update(event.event().getBytes(StandardCharsets.UTF_8));
			sha384.update(colon);
			sha384.update(event.payload());
			byte[] digest = sha384.digest();
			sha384.update(rtmr);
			sha384.update(digest);
			rtmr = sha384.digest();
		}
		return rtmr;
	}

	private static MessageDigest sha384() {
		try {
			return MessageDigest.getInstance("SHA-384");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-384 is required by every Java platform", ex);
		}
	}

}
