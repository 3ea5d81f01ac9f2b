package com.teesql.jdbc.tls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.errors.IdentityNotPinnedException;

/**
 * The rule that a connector knows which cluster it may trust. A quote proves "some genuine TD bound this TLS key",
 * not "the database you expect": only an app-id, a compose-hash or a KMS root names the deployment. A connector
 * therefore needs at least one of them unless it was told to accept non-TEE targets ({@code allow-simulator}, where
 * nothing is attested anyway) or told explicitly, through {@link RaTlsConnectorConfig#requireIdentity()}, that any
 * identity is acceptable.
 */
public final class IdentityRequirement {

	private static final Logger logger = LoggerFactory.getLogger(IdentityRequirement.class);

	private IdentityRequirement() {
	}

	/**
	 * Refuse a configuration that would trust any genuine TDX machine.
	 * @param config the connector settings
	 * @throws IdentityNotPinnedException if no identity is pinned, the escape hatch is not set and simulators are not
	 * allowed
	 */
	public static void check(RaTlsConnectorConfig config) throws IdentityNotPinnedException {
		if (config.identityPinned() || config.allowSimulator() || !config.requireIdentity()) {
			return;
		}
		throw new IdentityNotPinnedException(config.target(), measurementsPinned(config.policy()));
	}

	/**
	 * {@link #check(RaTlsConnectorConfig) Check} the configuration of a connector that is about to start, and warn
	 * when it starts without an identity pin because the escape hatch is set: every pool start says so again.
	 * @param config the connector settings
	 * @throws IdentityNotPinnedException if the configuration is refused
	 */
	static void enforce(RaTlsConnectorConfig config) throws IdentityNotPinnedException {
		check(config);
		if (!config.identityPinned() && !config.allowSimulator()) {
			logger.warn("{}: no identity pin for {}; ANY genuine TDX machine is trusted with the cluster secret. "
					+ "Set {} to pin your cluster.", IdentityNotPinnedException.ESCAPE_HATCH, config.target(),
					IdentityNotPinnedException.PINS);
		}
	}

	private static boolean measurementsPinned(AttestationPolicy policy) {
		return !policy.allowedMrtds().isEmpty() || policy.allowedRtmrs().stream().anyMatch((set) -> !set.isEmpty());
	}

	// The pins that count, kept next to the rule they serve.
	static boolean pinned(AttestationPolicy policy, boolean kmsRootPinned) {
		return !policy.allowedAppIds().isEmpty() || !policy.allowedComposeHashes().isEmpty() || kmsRootPinned;
	}

}
