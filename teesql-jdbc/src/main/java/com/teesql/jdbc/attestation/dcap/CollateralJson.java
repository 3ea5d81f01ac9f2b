package com.teesql.jdbc.attestation.dcap;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

/**
 * Strict accessors over Jackson trees for the collateral documents. Every failure is a
 * {@link Reason#MALFORMED_COLLATERAL} naming the document and field, so callers never see a Jackson exception.
 */
final class CollateralJson {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private CollateralJson() {
	}

	static JsonNode parseObject(String json, String document) throws DcapVerificationException {
		if (json == null) {
			throw malformed(document + " is missing");
		}
		JsonNode node;
		try {
			node = MAPPER.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new DcapVerificationException(Reason.MALFORMED_COLLATERAL,
					document + " is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
		if (node == null || !node.isObject()) {
			throw malformed(document + " is not a JSON object");
		}
		return node;
	}

	static JsonNode object(JsonNode parent, String field, String document) throws DcapVerificationException {
		JsonNode node = parent.get(field);
		if (node == null || !node.isObject()) {
			throw malformed(document + ": '" + field + "' must be an object");
		}
		return node;
	}

	static JsonNode array(JsonNode parent, String field, String document) throws DcapVerificationException {
		JsonNode node = parent.get(field);
		if (node == null || !node.isArray()) {
			throw malformed(document + ": '" + field + "' must be an array");
		}
		return node;
	}

	/** An absent or {@code null} field reads as missing; anything else must be an array. */
	static JsonNode optionalArray(JsonNode parent, String field, String document) throws DcapVerificationException {
		JsonNode node = parent.get(field);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isArray()) {
			throw malformed(document + ": '" + field + "' must be an array");
		}
		return node;
	}

	static String text(JsonNode parent, String field, String document) throws DcapVerificationException {
		JsonNode node = parent.get(field);
		if (node == null || !node.isTextual()) {
			throw malformed(document + ": '" + field + "' must be a string");
		}
		return node.textValue();
	}

	static int integer(JsonNode parent, String field, int max, String document) throws DcapVerificationException {
		JsonNode node = parent.get(field);
		if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0
				|| node.intValue() > max) {
			throw malformed(document + ": '" + field + "' must be an integer in 0.." + max + ", was " + node);
		}
		return node.intValue();
	}

	static byte[] hex(JsonNode parent, String field, int length, String document) throws DcapVerificationException {
		return decodeHex(text(parent, field, document), length, document + ": '" + field + "'");
	}

	static Instant instant(JsonNode parent, String field, String document) throws DcapVerificationException {
		String value = text(parent, field, document);
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new DcapVerificationException(Reason.MALFORMED_COLLATERAL,
					document + ": '" + field + "' is not an RFC 3339 date: " + value, ex);
		}
	}

	/**
	 * Decode hex in either case.
	 * @param value the hex text
	 * @param length the required byte length, or -1 for any
	 * @param what names the value in error messages
	 */
	static byte[] decodeHex(String value, int length, String what) throws DcapVerificationException {
		byte[] bytes;
		try {
			bytes = HexFormat.of().parseHex(value);
		}
		catch (IllegalArgumentException ex) {
			throw new DcapVerificationException(Reason.MALFORMED_COLLATERAL, what + " is not valid hex", ex);
		}
		if (length >= 0 && bytes.length != length) {
			throw malformed(what + " must be " + length + " bytes, was " + bytes.length);
		}
		return bytes;
	}

	private static DcapVerificationException malformed(String message) {
		return new DcapVerificationException(Reason.MALFORMED_COLLATERAL, message);
	}

}
