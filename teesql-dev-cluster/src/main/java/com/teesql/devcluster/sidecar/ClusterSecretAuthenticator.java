package com.teesql.devcluster.sidecar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.teesql.devcluster.postgres.ClusterRoles;

/**
 * Checks the password a client sends (a 64-hex cluster secret) against the secrets accepted for its role:
 * {@code teesql_read} takes the read or the read-write secret, {@code teesql_readwrite} only the read-write secret,
 * every extra role only its own. Comparisons run in constant time and always touch the same amount of data, also
 * for unknown roles.
 */
final class ClusterSecretAuthenticator {

	private static final byte[] NO_MATCH = new byte[64];

	private final Map<String, List<byte[]>> acceptedSecrets;

	ClusterSecretAuthenticator(String readSecret, String readWriteSecret, Map<String, String> extraRoleSecrets) {
		Map<String, List<byte[]>> accepted = new HashMap<>();
		extraRoleSecrets.forEach((role, secret) -> accepted.put(role, List.of(bytes(secret))));
		accepted.put(ClusterRoles.READ, List.of(bytes(readSecret), bytes(readWriteSecret)));
		accepted.put(ClusterRoles.READ_WRITE, List.of(bytes(readWriteSecret)));
		this.acceptedSecrets = Map.copyOf(accepted);
	}

	boolean authenticate(String role, String presented) {
		byte[] candidate = bytes(presented);
		List<byte[]> secrets = this.acceptedSecrets.getOrDefault(role, List.of(NO_MATCH));
		boolean match = false;
		for (byte[] secret : secrets) {
			// Non-short-circuit OR: every accepted secret is compared whatever the outcome.
			match |= MessageDigest.isEqual(secret, candidate);
		}
		return match && this.acceptedSecrets.containsKey(role);
	}

	boolean knowsRole(String role) {
		return this.acceptedSecrets.containsKey(role);
	}

	private static byte[] bytes(String secret) {
		// Clients may type the hex in upper case (the Rust client accepts it); secrets are stored lower case.
		return secret.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "ClusterSecretAuthenticator[roles=" + this.acceptedSecrets.keySet() + "]";
	}

}
