package com.teesql.devcluster.sidecar;

import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code BackendKeyData} (process id + secret key) of every live spliced session. A {@code CancelRequest} is
 * forwarded to PostgreSQL only when it names one of them, so the listener cannot be used to spray cancel packets at
 * the database. Keys are compared as their hex text.
 */
final class CancelKeyRegistry {

	private final Set<String> liveKeys = ConcurrentHashMap.newKeySet();

	/** @param processAndKey the {@code BackendKeyData} payload: process id followed by the secret key */
	String register(byte[] processAndKey) {
		String key = HexFormat.of().formatHex(processAndKey);
		this.liveKeys.add(key);
		return key;
	}

	void unregister(String key) {
		if (key != null) {
			this.liveKeys.remove(key);
		}
	}

	/** @param processAndKey the {@code CancelRequest} bytes after the request code */
	boolean isLive(byte[] processAndKey) {
		return this.liveKeys.contains(HexFormat.of().formatHex(processAndKey));
	}

}
