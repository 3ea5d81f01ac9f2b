package com.teesql.jdbc.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

import com.teesql.jdbc.attestation.AttestationResult;

/**
 * The publishable facts of an {@link AttestationResult}. Measurements and hashes are public by design; nothing here
 * is a secret.
 *
 * @author teesql-spring-boot
 */
public final class AttestationDetails {

	/** Hex characters of the leaf certificate's SHA-256 shown: enough to tell certificates apart. */
	public static final int LEAF_PREFIX_LENGTH = 16;

	private AttestationDetails() {
	}

	/**
	 * The publishable facts of a result.
	 * @param result the verified attestation
	 * @return leaf certificate prefix, measurements, TCB status and identity
	 */
	public static Map<String, Object> of(AttestationResult result) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("leafSha256", result.leafSha256().substring(0, LEAF_PREFIX_LENGTH));
		if (result.simulator()) {
			details.put("simulator", true);
			return details;
		}
		details.put("attestationFormat", result.attestationFormat());
		details.put("platform", result.platform());
		details.put("mrtd", result.mrtd());
		details.put("tcbStatus", result.tcbStatus());
		details.put("verifier", result.verifierName());
		details.put("debug", result.debug());
		putIfPresent(details, "appId", result.appId());
		putIfPresent(details, "composeHash", result.composeHash());
		putIfPresent(details, "instanceId", result.instanceId());
		return details;
	}

	private static void putIfPresent(Map<String, Object> details, String key, Object value) {
		if (value != null) {
			details.put(key, value);
		}
	}

}
