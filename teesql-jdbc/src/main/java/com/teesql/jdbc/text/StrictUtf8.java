package com.teesql.jdbc.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding that refuses malformed input. {@code new String(bytes, UTF_8)} would replace bad bytes with U+FFFD,
 * so two different byte strings (a signed document, a DSN, a stored file) could read as the same text.
 */
public final class StrictUtf8 {

	private StrictUtf8() {
	}

	/**
	 * Decode the bytes as UTF-8.
	 * @param bytes the bytes
	 * @return the text
	 * @throws CharacterCodingException if the bytes are not valid UTF-8
	 */
	public static String decode(byte[] bytes) throws CharacterCodingException {
		return StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT)
			.decode(ByteBuffer.wrap(bytes))
			.toString();
	}

}
