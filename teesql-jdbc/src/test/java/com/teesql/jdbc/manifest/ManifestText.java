package com.teesql.jdbc.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.teesql.testsupport.TestVectors;


/**
 * Manifest TXT strings for fuzzing: the cases of {@code derived/manifest_vectors.json} and fresh fixture-signed
 * manifests, mutated field-wise (values swapped for boundary values, fields dropped or repeated, re-signed so that the
 * value checks behind the signature are reached) and character-wise.
 */
final class ManifestText {

	static final long NOW = 1_800_000_000L;

	private static final List<String> VECTOR_TXTS = vectorTxts();

	private static final String[] ODD_VALUES = { "", "0", "-1", "1", "2", "18446744073709551616",
			"9223372036854775807", "9223372036854775808", "-9223372036854775808", "0x", "0X12", "ffff", "1e9",
			" 1", "https://", "http://x", "https://[::1]:5433", "https://a:99999", "javascript:alert(1)", "\u0000",
			"\u00e9", "\ud800", "=", ";", "%", "0x" + "ab".repeat(65), "0x" + "zz".repeat(65), "0x" + "00".repeat(20),
			"0x" + "AB".repeat(20), "a".repeat(300) };

	private static final String[] KEYS = { "v", "cluster", "epoch", "leader_instance", "leader_url", "valid_until",
			"sig", "x", "" };

	private ManifestText() {
	}

	private static List<String> vectorTxts() {
		List<String> txts = new ArrayList<>();
		for (JsonNode testCase : TestVectors.json("derived/manifest_vectors.json").get("cases")) {
			txts.add(testCase.get("txt").asText());
		}
		return txts;
	}

	/** A manifest string: a vector or fixture manifest, mutated in one of several ways. */
	static String generate(Random random) {
		String base = (random.nextBoolean()) ? VECTOR_TXTS.get(random.nextInt(VECTOR_TXTS.size()))
				: FixtureSigner.txt(1 + random.nextInt(100), FixtureSigner.URL, NOW + 3600);
		return switch (random.nextInt(8)) {
			case 0 -> base;
			case 1, 2 -> resigned(fieldMutation(unsigned(base), random));
			case 3 -> fieldMutation(base, random);
			case 4 -> characterMutation(base, random);
			case 5 -> randomText(random);
			case 6 -> base.repeat(1 + random.nextInt(3)) + ";".repeat(random.nextInt(3));
			default -> characterMutation(fieldMutation(base, random), random);
		};
	}

	static String unsigned(String txt) {
		int sig = txt.indexOf(";sig=");
		return (sig >= 0) ? txt.substring(0, sig) : txt;
	}

	static String resigned(String body) {
		return body + ";sig=" + FixtureSigner.sign(body);
	}

	private static String fieldMutation(String txt, Random random) {
		List<String> fields = new ArrayList<>(List.of(txt.split(";", -1)));
		int rounds = 1 + random.nextInt(3);
		for (int i = 0; i < rounds && !fields.isEmpty(); i++) {
			int index = random.nextInt(fields.size());
			String field = fields.get(index);
			int equals = field.indexOf('=');
			String key = (equals >= 0) ? field.substring(0, equals) : field;
			switch (random.nextInt(5)) {
				case 0 -> fields.set(index, key + "=" + ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
				case 1 -> fields.remove(index);
				case 2 -> fields.add(random.nextInt(fields.size() + 1), field);
				case 3 -> fields.add(random.nextInt(fields.size() + 1),
						KEYS[random.nextInt(KEYS.length)] + "=" + ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
				default -> fields.set(index, (random.nextBoolean()) ? key : key.toUpperCase() + field.substring(key.length()));
			}
		}
		return String.join(";", fields);
	}

	private static String characterMutation(String txt, Random random) {
		StringBuilder out = new StringBuilder(txt);
		int rounds = 1 + random.nextInt(4);
		for (int i = 0; i < rounds; i++) {
			int at = (out.length() == 0) ? 0 : random.nextInt(out.length());
			switch (random.nextInt(4)) {
				case 0 -> {
					if (out.length() > 0) {
						out.setCharAt(at, (char) random.nextInt(0x80));
					}
				}
				case 1 -> out.insert(at, "=;% \t\u00e9".charAt(random.nextInt(6)));
				case 2 -> {
					if (out.length() > 0) {
						out.deleteCharAt(at);
					}
				}
				default -> out.setLength(at);
			}
		}
		return out.toString();
	}

	private static String randomText(Random random) {
		StringBuilder out = new StringBuilder();
		int length = (random.nextInt(20) == 0) ? 4000 + random.nextInt(200) : random.nextInt(200);
		for (int i = 0; i < length; i++) {
			out.append((char) (0x20 + random.nextInt(0x60)));
		}
		return out.toString();
	}

	static ManifestVerifier verifier() {
		return ManifestVerifier.builder(FixtureSigner.ADDRESS).clock(FixtureSigner.at(NOW)).build();
	}

}
