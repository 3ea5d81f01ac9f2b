package com.teesql.devcluster.pcs;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.teesql.devcluster.http.HttpStatusException;

/**
 * The decoded query parameters of one PCS request. Parameters the endpoint does not know are ignored (PCS clients
 * send optional extras such as {@code tcbEvaluationDataNumber}); a repeated, overlong or undecodable parameter, or a
 * missing required one, is answered with 400.
 */
final class QueryParameters {

	private static final int MAX_VALUE_LENGTH = 256;

	private final Map<String, String> values;

	private QueryParameters(Map<String, String> values) {
		this.values = values;
	}

	/**
	 * Parse a raw query string.
	 * @param rawQuery the text after {@code ?}, or {@code null}
	 * @return the parameters
	 * @throws HttpStatusException 400 on a repeated, overlong or undecodable parameter
	 */
	static QueryParameters parse(String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return new QueryParameters(Collections.emptyMap());
		}
		Map<String, String> values = new HashMap<>();
		for (String pair : rawQuery.split("&", -1)) {
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			if (value.length() > MAX_VALUE_LENGTH) {
				throw badRequest("query parameter '" + abbreviate(name) + "' is longer than " + MAX_VALUE_LENGTH + " characters");
			}
			if (values.putIfAbsent(name, value) != null) {
				throw badRequest("query parameter '" + abbreviate(name) + "' is repeated");
			}
		}
		return new QueryParameters(values);
	}

	/**
	 * A required parameter.
	 * @param name the parameter name
	 * @return its value
	 * @throws HttpStatusException 400 if absent or empty
	 */
	String required(String name) {
		String value = this.values.get(name);
		if (value == null || value.isEmpty()) {
			throw badRequest("query parameter '" + name + "' is required");
		}
		return value;
	}

	/**
	 * An optional parameter that must be one of {@code choices} (case-insensitive) when present.
	 * @param name the parameter name
	 * @param defaultValue the value when absent
	 * @param choices the accepted values, lower case
	 * @return the lower-case value
	 * @throws HttpStatusException 400 if present with another value
	 */
	String oneOf(String name, String defaultValue, Set<String> choices) {
		String value = this.values.get(name);
		if (value == null) {
			return defaultValue;
		}
		String normalized = value.toLowerCase(Locale.ROOT);
		if (!choices.contains(normalized)) {
			throw badRequest("query parameter '" + name + "' must be one of " + choices + " but was '"
					+ abbreviate(value) + "'");
		}
		return normalized;
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw badRequest("query string is not valid percent-encoding: '" + abbreviate(text) + "'");
		}
	}

	static String abbreviate(String text) {
		String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
		return (printable.length() <= 64) ? printable : printable.substring(0, 64) + "...";
	}

	static HttpStatusException badRequest(String message) {
		return new HttpStatusException(400, message);
	}

}
