package com.teesql.devcluster.guestagent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.devcluster.http.HttpStatusException;
import com.teesql.devcluster.http.LocalHttpRequest;

/**
 * A JSON object request body with strictly typed field access: a field of the wrong type is a 400 naming the field,
 * never a silent coercion.
 */
final class JsonRequestBody {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final ObjectNode object;

	private JsonRequestBody(ObjectNode object) {
		this.object = object;
	}

	/**
	 * Parses a request body; an empty body counts as {@code {}} (dstack SDKs send no body for {@code /Info}).
	 */
	static JsonRequestBody parse(LocalHttpRequest request) {
		String text = request.bodyAsString();
		if (text.isBlank()) {
			return new JsonRequestBody(JSON.createObjectNode());
		}
		JsonNode node;
		try {
			node = JSON.readTree(text);
		}
		catch (JsonProcessingException ex) {
			throw new HttpStatusException(400, "request body is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
		if (!(node instanceof ObjectNode object)) {
			throw new HttpStatusException(400, "request body must be a JSON object");
		}
		return new JsonRequestBody(object);
	}

	String string(String field, String defaultValue) {
		JsonNode node = present(field);
		if (node == null) {
			return defaultValue;
		}
		if (!node.isTextual()) {
			throw wrongType(field, "a string", node);
		}
		return node.textValue();
	}

	boolean bool(String field) {
		JsonNode node = present(field);
		if (node == null) {
			return false;
		}
		if (!node.isBoolean()) {
			throw wrongType(field, "a boolean", node);
		}
		return node.booleanValue();
	}

	Long unsignedLong(String field) {
		JsonNode node = present(field);
		if (node == null) {
			return null;
		}
		if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
			throw wrongType(field, "a non-negative integer (Unix seconds)", node);
		}
		return node.longValue();
	}

	List<String> strings(String field) {
		JsonNode node = present(field);
		if (node == null) {
			return List.of();
		}
		if (!node.isArray()) {
			throw wrongType(field, "an array of strings", node);
		}
		List<String> values = new ArrayList<>();
		for (JsonNode element : node) {
			if (!element.isTextual()) {
				throw wrongType(field, "an array of strings", node);
			}
			values.add(element.textValue());
		}
		return values;
	}

	private JsonNode present(String field) {
		JsonNode node = this.object.get(field);
		return (node == null || node.isNull()) ? null : node;
	}

	private static HttpStatusException wrongType(String field, String expected, JsonNode actual) {
		return new HttpStatusException(400,
				"field '" + field + "' must be " + expected + " but was " + actual.getNodeType().name().toLowerCase(Locale.ROOT));
	}

}
