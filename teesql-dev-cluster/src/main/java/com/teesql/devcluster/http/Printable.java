package com.teesql.devcluster.http;

/**
 * Makes client-supplied text safe to echo in error messages and logs: bounded length, no control characters.
 */
final class Printable {

	private static final int MAX_LENGTH = 80;

	private Printable() {
	}

	static String abbreviate(String value) {
		if (value == null) {
			return "null";
		}
		StringBuilder result = new StringBuilder();
		for (int i = 0; i < value.length() && result.length() < MAX_LENGTH; i++) {
			char c = value.charAt(i);
			result.append((c < 0x20 || c == 0x7f) ? '?' : c);
		}
		if (value.length() > MAX_LENGTH) {
			result.append("...");
		}
		return result.toString();
	}

}
