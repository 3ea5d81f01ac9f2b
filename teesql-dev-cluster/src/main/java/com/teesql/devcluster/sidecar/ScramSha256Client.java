package com.teesql.devcluster.sidecar;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding, as PostgreSQL expects it: GS2 header
 * {@code n,,} and an empty user name (PostgreSQL takes the user from the startup packet).
 * <p>
 * One instance per authentication exchange; call {@link #clientFirstMessage()},
 * {@link #clientFinalMessage(String)} and {@link #verifyServerFinal(String)} in that order.
 */
final class ScramSha256Client {

	static final String MECHANISM = "SCRAM-SHA-256";

	private static final String GS2_HEADER = "n,,";

	/** Bounds a server-chosen work factor so a hostile backend cannot pin a CPU. */
	private static final int MAX_ITERATIONS = 1_000_000;

	private static final SecureRandom random = new SecureRandom();

	private final String password;

	private final String clientFirstBare;

	private final String clientNonce;

	private byte[] expectedServerSignature;

	ScramSha256Client(String password) {
		this(password, "", newNonce());
	}

	ScramSha256Client(String password, String user, String clientNonce) {
		this.password = password;
		this.clientNonce = clientNonce;
		this.clientFirstBare = "n=" + user + ",r=" + clientNonce;
	}

	private static String newNonce() {
		byte[] bytes = new byte[18];
		random.nextBytes(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}

	String clientFirstMessage() {
		return GS2_HEADER + this.clientFirstBare;
	}

	String clientFinalMessage(String serverFirst) throws ScramException {
		String nonce = attribute(serverFirst, 'r');
		String salt = attribute(serverFirst, 's');
		String iterationText = attribute(serverFirst, 'i');
		if (!nonce.startsWith(this.clientNonce) || nonce.length() == this.clientNonce.length()) {
			throw new ScramException("server nonce does not extend the client nonce");
		}
		int iterations;
		try {
			iterations = Integer.parseInt(iterationText);
		}
		catch (NumberFormatException ex) {
			throw new ScramException("invalid iteration count '" + iterationText + "'");
		}
		if (iterations < 1 || iterations > MAX_ITERATIONS) {
			throw new ScramException("iteration count " + iterations + " is out of range");
		}
		byte[] saltBytes;
		try {
			saltBytes = Base64.getDecoder().decode(salt);
		}
		catch (IllegalArgumentException ex) {
			throw new ScramException("salt is not base64");
		}
		String withoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII))
				+ ",r=" + nonce;
		String authMessage = this.clientFirstBare + "," + serverFirst + "," + withoutProof;
		try {
			byte[] saltedPassword = saltedPassword(saltBytes, iterations);
			byte[] clientKey = hmac(saltedPassword, "Client Key");
			byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
			byte[] clientSignature = hmac(storedKey, authMessage);
			byte[] proof = new byte[clientKey.length];
			for (int i = 0; i < proof.length; i++) {
				proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
			}
			this.expectedServerSignature = hmac(hmac(saltedPassword, "Server Key"), authMessage);
			return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
		}
		catch (GeneralSecurityException ex) {
			throw new ScramException("JDK crypto failed: " + ex.getMessage());
		}
	}

	void verifyServerFinal(String serverFinal) throws ScramException {
		if (this.expectedServerSignature == null) {
			throw new ScramException("server-final message before client-final");
		}
		if (serverFinal.startsWith("e=")) {
			throw new ScramException("server reported " + serverFinal.substring(2));
		}
		byte[] signature;
		try {
			signature = Base64.getDecoder().decode(attribute(serverFinal, 'v'));
		}
		catch (IllegalArgumentException ex) {
			throw new ScramException("server signature is not base64");
		}
		if (!MessageDigest.isEqual(signature, this.expectedServerSignature)) {
			throw new ScramException("server signature does not match; the backend does not know the password");
		}
	}

	private byte[] saltedPassword(byte[] salt, int iterations) throws GeneralSecurityException {
		// PBKDF2WithHmacSHA256 encodes the password as UTF-8, which equals SASLprep for the ASCII passwords used here.
		PBEKeySpec spec = new PBEKeySpec(this.password.toCharArray(), salt, iterations, 256);
		try {
			return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
		}
		finally {
			spec.clearPassword();
		}
	}

	private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
	}

	private static String attribute(String message, char name) throws ScramException {
		for (String part : message.split(",")) {
			if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
				return part.substring(2);
			}
		}
		throw new ScramException("message lacks attribute '" + name + "'");
	}

	@Override
	public String toString() {
		return "ScramSha256Client[" + this.clientFirstBare + "]";
	}

	/** The SCRAM exchange failed; the message never contains key material. */
	static class ScramException extends Exception {

		ScramException(String message) {
			super("SCRAM-SHA-256: " + message);
		}

	}

}
