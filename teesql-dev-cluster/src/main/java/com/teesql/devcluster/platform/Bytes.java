package com.teesql.devcluster.platform;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Small byte helpers shared by the platform builders.
 */
final class Bytes {

	private Bytes() {
	}

	static byte[] checkedCopy(byte[] value, int length, String name) {
		if (value == null) {
			throw new IllegalArgumentException(name + " must not be null");
		}
		if (value.length != length) {
			throw new IllegalArgumentException(name + " must be " + length + " bytes but was " + value.length);
		}
		return value.clone();
	}

	static byte[] digest(String algorithm, byte[]... parts) {
		MessageDigest digest = messageDigest(algorithm);
		for (byte[] part : parts) {
			digest.update(part);
		}
		return digest.digest();
	}

	static MessageDigest messageDigest(String algorithm) {
		try {
			return MessageDigest.getInstance(algorithm);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("JDK lacks " + algorithm, ex);
		}
	}

	static void putLittleEndian(byte[] target, int offset, long value, int byteCount) {
		for (int i = 0; i < byteCount; i++) {
			target[offset + i] = (byte) (value >>> (8 * i));
		}
	}

}
