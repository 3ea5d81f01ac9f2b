package com.teesql.jdbc.attestation.dcap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import com.teesql.jdbc.attestation.Hex;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;
import com.teesql.jdbc.text.StrictUtf8;

/**
 * Decodes the pieces of Intel PCS / PCCS responses into the form {@link DcapCollateral} holds. Every failure is a
 * {@link CollateralUnavailableException} naming the URL the response came from.
 */
final class PcsResponses {

	private static final JsonFactory JSON = new JsonFactory();

	private static final String PEM_CRL_HEADER = "-----BEGIN X509 CRL-----";

	private PcsResponses() {
	}

	/**
	 * Split a signed PCS document ({@code {"tcbInfo":{…},"signature":"<hex>"}} and the like) into the inner object's
	 * text and the signature. The inner object is cut out of the body byte for byte, because Intel's signature
	 * covers exactly the bytes it served; parsing and re-serialising would change whitespace or key order.
	 * @param body the response body
	 * @param field the name of the signed object ({@code tcbInfo} or {@code enclaveIdentity})
	 * @param url the URL, for error messages
	 * @return the signed text and the signature bytes
	 */
	static SignedDocument signedDocument(byte[] body, String field, String url) throws CollateralUnavailableException {
		byte[] document = null;
		String signature = null;
		try (JsonParser parser = JSON.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw malformed(url, "body is not a JSON object");
			}
			while (parser.nextToken() == JsonToken.FIELD_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (field.equals(name)) {
					if (document != null || value != JsonToken.START_OBJECT) {
						throw malformed(url, "'" + field + "' must occur once and be a JSON object");
					}
					long start = parser.currentTokenLocation().getByteOffset();
					parser.skipChildren();
					long end = parser.currentTokenLocation().getByteOffset() + 1;
					document = slice(body, start, end, field, url);
				}
				else if ("signature".equals(name)) {
					if (signature != null || value != JsonToken.VALUE_STRING) {
						throw malformed(url, "'signature' must occur once and be a string");
					}
					signature = parser.getText();
				}
				else {
					parser.skipChildren();
				}
			}
			if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
				throw malformed(url, "body is not a single JSON object");
			}
		}
		catch (JsonProcessingException ex) {
			throw malformed(url, "body is not valid JSON: " + ex.getOriginalMessage());
		}
		catch (IOException ex) {
			throw malformed(url, "body cannot be read: " + ex.getMessage());
		}
		if (document == null) {
			throw malformed(url, "body lacks the '" + field + "' object");
		}
		if (signature == null) {
			throw malformed(url, "body lacks the 'signature' string");
		}
		return new SignedDocument(utf8(document, field, url), hex(signature, "signature", url));
	}

	/**
	 * Read a PEM issuer chain from the first present header among {@code names}; PCS sends it percent-encoded.
	 * @param headers the response headers
	 * @param url the URL, for error messages
	 * @param names the accepted header names, in order of preference
	 * @return the PEM text
	 */
	static String issuerChain(HttpHeaders headers, String url, String... names) throws CollateralUnavailableException {
		for (String name : names) {
			Optional<String> value = headers.firstValue(name);
			if (value.isPresent()) {
				String pem = percentDecode(value.get(), name, url);
				try {
					CertificateChainValidator.parsePem(pem, name + " header", Reason.MALFORMED_COLLATERAL);
				}
				catch (DcapVerificationException ex) {
					throw new CollateralUnavailableException(
							"GET " + url + ": header " + name + " is not a PEM certificate chain: " + ex.getMessage(), ex);
				}
				return pem;
			}
		}
		throw malformed(url, "response lacks the " + String.join(" or ", names) + " header");
	}

	/**
	 * Decode a CRL body: DER as served by {@code pckcrl?encoding=der} and certificate sites, hex text as served by
	 * PCCS {@code rootcacrl}, or PEM.
	 * @param body the response body
	 * @param url the URL, for error messages
	 * @return the DER CRL, checked to parse
	 */
	static byte[] crl(byte[] body, String url) throws CollateralUnavailableException {
		byte[] der;
		if (body.length > 0 && body[0] == 0x30) {
			der = body;
		}
		else {
			String text = new String(body, StandardCharsets.US_ASCII).strip();
			if (text.startsWith(PEM_CRL_HEADER)) {
				der = pemCrl(text, url);
			}
			else {
				der = hex(text, "CRL", url);
			}
		}
		try {
			CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
		}
		catch (CertificateException | CRLException | RuntimeException ex) {
			throw malformed(url, "body is not an X.509 CRL (DER, hex or PEM): " + ex.getMessage());
		}
		return der;
	}

	/**
	 * Percent-decode a header value. Only {@code %XX} escapes are decoded; a {@code +} stays a {@code +}, because it
	 * is a base64 character in PEM and PCS encodes spaces as {@code %20}.
	 */
	static String percentDecode(String value, String header, String url) throws CollateralUnavailableException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '%') {
				int high = (i + 2 < value.length()) ? Hex.digit(value.charAt(i + 1)) : -1;
				int low = (high >= 0) ? Hex.digit(value.charAt(i + 2)) : -1;
				if (low < 0) {
					throw malformed(url, "header " + header + " has an invalid percent escape at index " + i);
				}
				out.write((high << 4) | low);
				i += 2;
			}
			else if (c > 0x7F) {
				throw malformed(url, "header " + header + " has a non-ASCII character at index " + i);
			}
			else {
				out.write(c);
			}
		}
		return utf8(out.toByteArray(), "header " + header, url);
	}

	private static byte[] pemCrl(String text, String url) throws CollateralUnavailableException {
		String base64 = text.replace(PEM_CRL_HEADER, "").replace("-----END X509 CRL-----", "");
		try {
			return Base64.getMimeDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw malformed(url, "PEM CRL body is not valid base64");
		}
	}

	private static byte[] slice(byte[] body, long start, long end, String field, String url)
			throws CollateralUnavailableException {
		// The offsets come from the byte-based parser; a negative or inverted range would mean a parser change.
		if (start < 0 || end > body.length || end <= start || body[(int) start] != '{' || body[(int) end - 1] != '}') {
			throw malformed(url, "cannot locate the bytes of '" + field + "' in the body");
		}
		return Arrays.copyOfRange(body, (int) start, (int) end);
	}

	private static String utf8(byte[] bytes, String what, String url) throws CollateralUnavailableException {
		try {
			// Strict decoding: a lenient decoder would replace bad bytes and change what the signature covers.
			return StrictUtf8.decode(bytes);
		}
		catch (CharacterCodingException ex) {
			throw malformed(url, what + " is not valid UTF-8");
		}
	}

	private static byte[] hex(String text, String what, String url) throws CollateralUnavailableException {
		try {
			byte[] bytes = HexFormat.of().parseHex(text);
			if (bytes.length == 0) {
				throw malformed(url, what + " is empty");
			}
			return bytes;
		}
		catch (IllegalArgumentException ex) {
			throw malformed(url, what + " is not valid hex");
		}
	}

	private static CollateralUnavailableException malformed(String url, String message) {
		return new CollateralUnavailableException("GET " + url + ": " + message);
	}

	/**
	 * A signed collateral document as served.
	 *
	 * @param text the signed JSON text, exactly as served
	 * @param signature the signature bytes (raw r‖s)
	 */
	record SignedDocument(String text, byte[] signature) {

	}

}
