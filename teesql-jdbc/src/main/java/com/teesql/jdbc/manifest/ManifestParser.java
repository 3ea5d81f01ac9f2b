package com.teesql.jdbc.manifest;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses the wire form of a leader manifest (protocol §6.3): {@code key=value} pairs separated by {@code ;}. Parts
 * are trimmed, empty parts dropped, each part split at its first {@code =}, unknown keys ignored. Unlike the
 * official clients (which let the first or the last occurrence win), a repeated key is refused: two different values
 * for a signed field can only be an attempt to make two parsers see two manifests.
 */
public final class ManifestParser {

	private static final Logger logger = LoggerFactory.getLogger(ManifestParser.class);

	/** Longest TXT string accepted; real manifests are about 370 characters. */
	public static final int MAX_LENGTH = 4096;

	/** The only supported manifest version. */
	public static final String VERSION = "1";

	private static final int SIGNATURE_LENGTH = 65;

	private static final Pattern CLUSTER = Pattern.compile("0[xX][0-9a-fA-F]{40}");

	private static final Pattern LEADER_INSTANCE = Pattern.compile("[0-9a-fA-F]{2,128}");

	private static final Pattern UNSIGNED = Pattern.compile("[0-9]{1,19}");

	private static final List<String> SIGNED_KEYS = List.of("cluster", "epoch", "leader_instance", "leader_url", "v",
			"valid_until");

	private ManifestParser() {
	}

	/**
	 * Parse a manifest TXT string.
	 * @param txt the joined TXT character-strings
	 * @return the parsed fields
	 * @throws MalformedManifestException when a field is missing, repeated or has a bad value
	 * @throws UnsupportedManifestVersionException when {@code v} is not {@code 1}
	 */
	public static ParsedManifest parse(String txt) throws MalformedManifestException, UnsupportedManifestVersionException {
		if (txt == null || txt.isBlank()) {
			throw new MalformedManifestException("manifest is empty");
		}
		if (txt.length() > MAX_LENGTH) {
			throw new MalformedManifestException(
					"manifest too long: " + txt.length() + " characters (max " + MAX_LENGTH + ")");
		}
		Map<String, String> fields = fields(txt);
		String signature = fields.get("sig");
		if (signature == null) {
			throw new MalformedManifestException("missing sig field");
		}
		String version = require(fields, "v");
		if (!VERSION.equals(version)) {
			throw new UnsupportedManifestVersionException("unsupported manifest version: " + shorten(version));
		}
		for (String key : SIGNED_KEYS) {
			require(fields, key);
		}
		String cluster = fields.get("cluster");
		if (!CLUSTER.matcher(cluster).matches()) {
			throw new MalformedManifestException(
					"invalid cluster: '" + shorten(cluster) + "' (expected 0x followed by 40 hex digits)");
		}
		String leaderInstance = fields.get("leader_instance");
		if (!LEADER_INSTANCE.matcher(leaderInstance).matches()) {
			throw new MalformedManifestException("invalid leader_instance: '" + shorten(leaderInstance) + "' (expected hex)");
		}
		return new ParsedManifest(cluster.toLowerCase(Locale.ROOT), unsigned(fields, "epoch"),
				leaderInstance.toLowerCase(Locale.ROOT), fields.get("leader_url"), version,
				unsigned(fields, "valid_until"), signature(signature));
	}

	private static Map<String, String> fields(String txt) throws MalformedManifestException {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String rawPart : txt.split(";", -1)) {
			String part = rawPart.trim();
			if (part.isEmpty()) {
				continue;
			}
			int equals = part.indexOf('=');
			if (equals <= 0) {
				throw new MalformedManifestException("malformed field: '" + shorten(part) + "' (expected key=value)");
			}
			String key = part.substring(0, equals).trim();
			String value = part.substring(equals + 1).trim();
			if (fields.putIfAbsent(key, value) != null) {
				throw new MalformedManifestException("duplicate field: " + shorten(key));
			}
		}
		fields.keySet()
			.stream()
			.filter((key) -> !key.equals("sig") && !SIGNED_KEYS.contains(key))
			.forEach((key) -> logger.debug("Ignoring unknown manifest field '{}'", shorten(key)));
		return fields;
	}

	private static String require(Map<String, String> fields, String key) throws MalformedManifestException {
		String value = fields.get(key);
		if (value == null || value.isEmpty()) {
			throw new MalformedManifestException("missing field: " + key);
		}
		return value;
	}

	private static long unsigned(Map<String, String> fields, String key) throws MalformedManifestException {
		String value = fields.get(key);
		if (UNSIGNED.matcher(value).matches()) {
			try {
				return Long.parseLong(value);
			}
			catch (NumberFormatException ex) {
				// above 2^63 - 1 (no real epoch or timestamp gets there): reported below
			}
		}
		throw new MalformedManifestException("invalid " + key + ": '" + shorten(value) + "' (expected a decimal integer below 2^63)");
	}

	private static String signature(String value) throws MalformedManifestException {
		if (!value.startsWith("0x") && !value.startsWith("0X")) {
			throw new MalformedManifestException("sig must be 0x-prefixed");
		}
		String hex = value.substring(2);
		byte[] bytes;
		try {
			bytes = HexFormat.of().parseHex(hex);
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedManifestException("sig is not hex: '" + shorten(value) + "'");
		}
		if (bytes.length != SIGNATURE_LENGTH) {
			throw new MalformedManifestException("sig must be " + SIGNATURE_LENGTH + " bytes, got " + bytes.length);
		}
		return "0x" + HexFormat.of().formatHex(bytes);
	}

	// Values come from DNS: never echo an unbounded attacker-chosen string into logs or messages.
	static String shorten(String value) {
		return (value.length() <= 80) ? value : value.substring(0, 77) + "...";
	}

}
