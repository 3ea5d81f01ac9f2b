package com.teesql.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.regex.Pattern;

import org.springframework.validation.Errors;

/**
 * Startup validation of {@code teesql.*} values that cannot be right whatever the cluster, reported by Boot with the
 * property name. The cluster secret is validated without ever echoing it: Boot prints a rejected field's value.
 *
 * @author teesql-spring-boot
 */
final class TeeSqlPropertiesValidation {

	private static final Pattern SECRET = Pattern.compile("[0-9a-fA-F]{64}");

	private TeeSqlPropertiesValidation() {
	}

	static void validate(TeeSqlProperties properties, Errors errors) {
		positive(errors, "connectTimeout", properties.getConnectTimeout());
		positive(errors, "handshakeTimeout", properties.getHandshakeTimeout());
		positive(errors, "dstack.timeout", properties.getDstack().getTimeout());
		positive(errors, "attestation.dcap.timeout", properties.getAttestation().getDcap().getTimeout());
		positive(errors, "attestation.intelTrustAuthority.timeout",
				properties.getAttestation().getIntelTrustAuthority().getTimeout());
		Duration cacheTtl = properties.getAttestation().getCacheTtl();
		if (cacheTtl == null || cacheTtl.isNegative()) {
			errors.rejectValue("attestation.cacheTtl", "teesql.negative", "must be zero (no cache) or positive");
		}
		String secret = properties.getClusterSecret();
		if (secret != null && !secret.isBlank() && !SECRET.matcher(secret.trim()).matches()) {
			errors.reject("teesql.clusterSecret", "teesql.cluster-secret must be the 64-hex-character cluster secret "
					+ "(got " + secret.trim().length() + " characters; the value is not shown)");
		}
	}

	private static void positive(Errors errors, String field, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			errors.rejectValue(field, "teesql.notPositive", "must be a positive duration");
		}
	}

}
