package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.util.Locale;

import com.teesql.jdbc.errors.MeasurementNotAllowedException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link MeasurementNotAllowedException}: an RTMR, the dstack compose hash or the app id is not
 * allowlisted. Same two cases as an MRTD refusal: a legitimate new deployment or the wrong cluster.
 *
 * @author teesql-spring-boot
 */
class MeasurementNotAllowedFailureAnalyzer extends AbstractFailureAnalyzer<MeasurementNotAllowedException> {


	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MeasurementNotAllowedException cause) {
		String property = "teesql.attestation.allowed-" + cause.measurement().toLowerCase(Locale.ROOT);
		String description = cause.measurement() + " \"" + cause.value() + "\" is not in the allowlist: the database "
				+ "CVM behind " + ConnectionTarget.of(cause).describe()
				+ " does not match any value of " + property + ".";
		String action = """
				Find out which of two cases this is:
				- The operator deployed a new version (legitimate): confirm the new %s published by the operator \
				and, only if it is exactly %s, add it to %s.
				- No deployment was announced: you may be connecting to a different cluster or application than \
				expected. Stop; do not bypass the check.""".formatted(cause.measurement(), cause.value(), property);
		return new FailureAnalysis(description, action, cause);
	}

}
