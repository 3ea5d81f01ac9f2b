package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.errors.MrtdNotAllowedException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link MrtdNotAllowedException}: the database CVM's image measurement is not allowlisted.
 *
 * @author teesql-spring-boot
 */
class MrtdNotAllowedFailureAnalyzer extends AbstractFailureAnalyzer<MrtdNotAllowedException> {


	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MrtdNotAllowedException cause) {
		String description = "MRTD \"" + cause.mrtd() + "\" is not in the allowlist: the database CVM behind "
				+ ConnectionTarget.of(cause).describe()
				+ " does not match any value of teesql.attestation.allowed-mrtd.";
		String action = """
				Find out which of two cases this is:
				- The operator rolled out a new CVM image (legitimate): confirm the new MRTD published by the \
				operator and, only if it is exactly %s, add it to teesql.attestation.allowed-mrtd.
				- No rollout was announced: you may be connecting to a different cluster than expected. Stop; do \
				not bypass the check.""".formatted(cause.mrtd());
		return new FailureAnalysis(description, action, cause);
	}

}
