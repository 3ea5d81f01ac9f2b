package com.teesql.jdbc.attestation;

/**
 * How a dstack runtime event's RTMR3 digest is computed (dstack-types {@code EventLogVersion}). The event type is
 * {@code 0x08000001} for both; the version travels beside the event (absent or {@code 1} means V1), never inside
 * the hashed bytes.
 */
public enum EventLogVersion {

	/** SHA-384(u32 LE event type ‖ ":" ‖ name ‖ ":" ‖ payload): the original binary preimage. */
	V1(1),

	/** SHA-384 of the RFC 8785 canonical JSON {@code {"name":…,"payload":"<hex>","type":134217729}}. */
	V2(2);

	private final int number;

	EventLogVersion(int number) {
		this.number = number;
	}

	/**
	 * The number dstack writes in the {@code version} field.
	 * @return 1 or 2
	 */
	public int number() {
		return this.number;
	}

	/**
	 * The version for a wire number.
	 * @param number the {@code version} field
	 * @return the version, or {@code null} for a number dstack does not define
	 */
	static EventLogVersion of(long number) {
		for (EventLogVersion version : values()) {
			if (version.number == number) {
				return version;
			}
		}
		return null;
	}

}
