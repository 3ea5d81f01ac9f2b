package com.teesql.jdbc.support;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Mutations of real JSON documents for fuzzing: structural ones on the parsed tree (replace, remove or duplicate a
 * node, change a value's type, extreme numbers, odd hex and dates) and textual ones on the raw characters, plus
 * random JSON values from scratch.
 */
public final class JsonMutator {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final String SYNTAX = "{}[]\":,\\ \n0123456789eE+-.truefalsnul";

	private JsonMutator() {
	}

	/**
	 * One to three structural or textual mutations.
	 * @param json a JSON document
	 * @param random the random source
	 * @return the mutated text
	 */
	public static String mutate(String json, Random random) {
		String text = json;
		int rounds = 1 + random.nextInt(3);
		for (int i = 0; i < rounds; i++) {
			text = (random.nextInt(4) == 0) ? mutateText(text, random) : mutateTree(text, random);
		}
		return text;
	}

	/**
	 * Change one node of the document's tree; text that is no longer JSON is mutated textually instead.
	 * @param json the document
	 * @param random the random source
	 * @return the mutated text
	 */
	public static String mutateTree(String json, Random random) {
		JsonNode root;
		try {
			root = MAPPER.readTree(json);
		}
		catch (JsonProcessingException ex) {
			return mutateText(json, random);
		}
		if (root == null || !root.isContainerNode()) {
			return randomValue(random, 2).toString();
		}
		List<JsonNode> containers = new ArrayList<>();
		collectContainers(root, containers);
		JsonNode container = containers.get(random.nextInt(containers.size()));
		if (container instanceof ObjectNode object) {
			mutateObject(object, random);
		}
		else {
			mutateArray((ArrayNode) container, random);
		}
		return root.toString();
	}

	private static void mutateObject(ObjectNode object, Random random) {
		List<String> names = new ArrayList<>();
		object.fieldNames().forEachRemaining(names::add);
		if (names.isEmpty() || random.nextInt(8) == 0) {
			object.set(randomKey(random), randomValue(random, 2));
			return;
		}
		String name = names.get(random.nextInt(names.size()));
		switch (random.nextInt(4)) {
			case 0 -> object.remove(name);
			case 1 -> object.set(name, randomValue(random, 2));
			case 2 -> object.set(name, nearbyValue(object.get(name), random));
			default -> object.set(name + random.nextInt(3), object.get(name));
		}
	}

	private static void mutateArray(ArrayNode array, Random random) {
		if (array.isEmpty() || random.nextInt(8) == 0) {
			array.add(randomValue(random, 2));
			return;
		}
		int index = random.nextInt(array.size());
		switch (random.nextInt(4)) {
			case 0 -> array.remove(index);
			case 1 -> array.set(index, randomValue(random, 2));
			case 2 -> array.set(index, nearbyValue(array.get(index), random));
			default -> {
				JsonNode element = array.get(index);
				int copies = 1 + random.nextInt(random.nextBoolean() ? 3 : 100);
				for (int i = 0; i < copies; i++) {
					array.insert(index, element.deepCopy());
				}
			}
		}
	}

	/** A value of the same kind that is likely to hit a boundary: extreme numbers, odd-length hex, bad dates. */
	private static JsonNode nearbyValue(JsonNode value, Random random) {
		if (value.isNumber()) {
			return switch (random.nextInt(7)) {
				case 0 -> NODES.numberNode(-1);
				case 1 -> NODES.numberNode(Long.MAX_VALUE);
				case 2 -> NODES.numberNode(new BigInteger("123456789012345678901234567890"));
				case 3 -> NODES.numberNode(0.5);
				case 4 -> NODES.numberNode(256);
				case 5 -> NODES.numberNode(65536);
				default -> NODES.numberNode(value.asLong() + random.nextInt(3) - 1);
			};
		}
		if (value.isTextual()) {
			String text = value.textValue();
			return switch (random.nextInt(6)) {
				case 0 -> NODES.textNode(text.isEmpty() ? "" : text.substring(0, random.nextInt(text.length())));
				case 1 -> NODES.textNode(text + "0");
				case 2 -> NODES.textNode(text + "zz");
				case 3 -> NODES.textNode("2019-02-30T25:61:00Z");
				case 4 -> NODES.textNode("+999999999-12-31T23:59:59Z");
				default -> NODES.textNode(text.toUpperCase());
			};
		}
		return randomValue(random, 1);
	}

	/**
	 * Delete, insert, duplicate, truncate or replace characters.
	 * @param json the text
	 * @param random the random source
	 * @return the mutated text
	 */
	public static String mutateText(String json, Random random) {
		if (json.isEmpty()) {
			return String.valueOf(SYNTAX.charAt(random.nextInt(SYNTAX.length())));
		}
		int at = random.nextInt(json.length());
		return switch (random.nextInt(5)) {
			case 0 -> json.substring(0, at) + json.substring(Math.min(json.length(), at + 1 + random.nextInt(16)));
			case 1 -> json.substring(0, at) + SYNTAX.charAt(random.nextInt(SYNTAX.length())) + json.substring(at);
			case 2 -> {
				int end = Math.min(json.length(), at + 1 + random.nextInt(200));
				yield json.substring(0, end) + json.substring(at, end) + json.substring(end);
			}
			case 3 -> json.substring(0, at);
			default -> json.substring(0, at) + (char) random.nextInt(0x3000) + json.substring(at + 1);
		};
	}

	/**
	 * A random JSON value.
	 * @param random the random source
	 * @param depth how deep containers may nest
	 * @return the value
	 */
	public static JsonNode randomValue(Random random, int depth) {
		int kind = random.nextInt((depth > 0) ? 8 : 6);
		return switch (kind) {
			case 0 -> NODES.nullNode();
			case 1 -> NODES.booleanNode(random.nextBoolean());
			case 2 -> NODES.numberNode(random.nextInt(5) - 1);
			case 3 -> NODES.numberNode(random.nextLong());
			case 4 -> NODES.numberNode(random.nextDouble() * 1e6);
			case 5 -> NODES.textNode(randomText(random));
			case 6 -> {
				ArrayNode array = NODES.arrayNode();
				int size = random.nextInt(5);
				for (int i = 0; i < size; i++) {
					array.add(randomValue(random, depth - 1));
				}
				yield array;
			}
			default -> {
				ObjectNode object = NODES.objectNode();
				int size = random.nextInt(5);
				for (int i = 0; i < size; i++) {
					object.set(randomKey(random), randomValue(random, depth - 1));
				}
				yield object;
			}
		};
	}

	private static String randomText(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> "";
			case 1 -> Long.toHexString(random.nextLong());
			case 2 -> "2025-07-19T10:00:00Z";
			default -> {
				StringBuilder text = new StringBuilder();
				int length = random.nextInt(20);
				for (int i = 0; i < length; i++) {
					text.append((char) (0x20 + random.nextInt(0x250)));
				}
				yield text.toString();
			}
		};
	}

	private static String randomKey(Random random) {
		String[] keys = { "id", "version", "issueDate", "nextUpdate", "fmspc", "tcbLevels", "tcb", "tcbStatus",
				"isvsvn", "pcesvn", "sgxtcbcomponents", "tdxtcbcomponents", "svn", "tdxModule", "mrsigner",
				"attributes", "attributesMask", "miscselect", "miscselectMask", "isvprodid", "advisoryIDs", "tdx",
				"attester_tcb_status", "tdx_report_data", "tdx_mrtd", "tdx_is_debuggable", "exp", "iss", "x" };
		return keys[random.nextInt(keys.length)];
	}

	private static void collectContainers(JsonNode node, List<JsonNode> containers) {
		if (node.isContainerNode()) {
			containers.add(node);
			for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
				collectContainers(it.next(), containers);
			}
		}
	}

}
