package com.teesql.spring.boot.autoconfigure;

import java.time.Duration;

import com.teesql.jdbc.manifest.SignerAddress;

import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;

/**
 * Startup validation of {@code teesql.*} values that cannot be right whatever the cluster, reported by Boot with the
 * property name. The cluster secret is checked where the DSN is built ({@code InvalidDsnException}), because Boot
 * prints a rejected field's value and the secret must never be printed.
 *
 * @author teesql-spring-boot
 */
final class TeeSqlPropertiesValidation {

	private TeeSqlPropertiesValidation() {
	}

	static void validate(TeeSqlProperties properties, Errors errors) {
		positive(errors, "connectTimeout", properties.getConnectTimeout());
		positive(errors, "handshakeTimeout", properties.getHandshakeTimeout());
		positive(errors, "dstack.timeout", properties.getDstack().getTimeout());
		positive(errors, "sidecar.timeout", properties.getSidecar().getTimeout());
		positive(errors, "attestation.dcap.timeout", properties.getAttestation().getDcap().getTimeout());
		positive(errors, "attestation.intelTrustAuthority.timeout",
				properties.getAttestation().getIntelTrustAuthority().getTimeout());
		positive(errors, "manifest.refreshInterval", properties.getManifest().getRefreshInterval());
		positive(errors, "manifest.timeout", properties.getManifest().getTimeout());
		Duration skew = properties.getManifest().getClockSkew();
		if (skew == null || skew.isNegative()) {
			errors.rejectValue("manifest.clockSkew", "teesql.negative", "must be zero or positive");
		}
		validateManifest(properties.getManifest(), errors);
		Duration cacheTtl = properties.getAttestation().getCacheTtl();
		if (cacheTtl == null || cacheTtl.isNegative()) {
			errors.rejectValue("attestation.cacheTtl", "teesql.negative", "must be zero (no cache) or positive");
		}
	}

	private static void validateManifest(TeeSqlProperties.Manifest manifest, Errors errors) {
		if (manifest.getDomain() == null) {
			return;
		}
		// Checked here rather than where the watcher is built, so that Boot reports it with the other binding errors,
		// naming the property, before any bean (or DNS query) is created.
		if (!StringUtils.hasText(manifest.getSignerAddress())) {
			errors.rejectValue("manifest.signerAddress", "teesql.manifest.signerAddressRequired",
					"teesql.manifest.signer-address is required with teesql.manifest.domain: set it to the manifest "
							+ "signer address your operator publishes (0x + 40 hex), so that only manifests signed "
							+ "by that key are followed");
		}
		else {
			address(errors, "manifest.signerAddress", "teesql.manifest.signer-address", manifest.getSignerAddress());
		}
		// One signer key may sign manifests for several clusters: without the cluster, a DNS attacker could serve
		// another cluster's valid manifest and send this application to that cluster's real leader.
		if (!StringUtils.hasText(manifest.getClusterAddress())) {
			errors.rejectValue("manifest.clusterAddress", "teesql.manifest.clusterAddressRequired",
					"teesql.manifest.cluster-address is required with teesql.manifest.domain: set it to the cluster "
							+ "address your operator publishes (0x + 40 hex; teesql-cli resolve-leader prints the "
							+ "manifest's cluster), so that a manifest signed for another cluster is refused");
		}
		else {
			address(errors, "manifest.clusterAddress", "teesql.manifest.cluster-address", manifest.getClusterAddress());
		}
	}

	private static void address(Errors errors, String field, String property, String value) {
		try {
			SignerAddress.normalize(property, value);
		}
		catch (IllegalArgumentException ex) {
			errors.rejectValue(field, "teesql.manifest.notAnAddress", "must be 0x followed by 40 hex digits");
		}
	}

	private static void positive(Errors errors, String field, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			errors.rejectValue(field, "teesql.notPositive", "must be a positive duration");
		}
	}

}
