package com.teesql.jdbc.attestation;

/**
 * The RFC 8785 (JCS) canonical JSON that a V2 dstack runtime event hashes:
 * {@code {"name":<name>,"payload":"<lowercase hex>","type":134217729}}.
 * <p>
 * The shape is fixed, so canonicalisation reduces to three rules: the keys are written in the order JCS sorts them
 * (name, payload, type); the number is a small integer, written as is; the one free string (the name) is escaped as
 * ECMAScript {@code JSON.stringify} does (RFC 8785 §3.2.2.2): {@code \"}, {@code \\}, the short escapes {@code \b \f
 * \n \r \t}, a six-character backslash-u escape with lowercase hex for the other control characters, everything else verbatim in UTF-8.
 * The tests check this against the RFC's reference implementation.
 */
public final class CanonicalEventJson {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private CanonicalEventJson() {
	}

	/**
	 * The canonical JSON of a V2 runtime event.
	 * @param name the event name
	 * @param payload the event payload
	 * @return the canonical JSON text (to be hashed as UTF-8)
	 */
	public static String of(String name, byte[] payload) {
		StringBuilder json = new StringBuilder(name.length() + payload.length * 2 + 48);
		json.append("{\"name\":\"");
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\b' -> json.append("\\b");
				case '\f' -> json.append("\\f");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append("\",\"payload\":\"").append(Hex.encode(payload)).append("\",\"type\":");
		json.append(Integer.toUnsignedString(TdxQuoteLayout.DSTACK_RUNTIME_EVENT_TYPE)).append('}');
		return json.toString();
	}

}
