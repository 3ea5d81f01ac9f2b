package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.errors.TcbStatusNotAcceptedException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link TcbStatusNotAcceptedException}: the platform's firmware or microcode is out of date or has an
 * open advisory. Deliberately does not suggest widening the accepted statuses.
 *
 * @author teesql-spring-boot
 */
class TcbStatusNotAcceptedFailureAnalyzer extends AbstractFailureAnalyzer<TcbStatusNotAcceptedException> {


	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TcbStatusNotAcceptedException cause) {
		String advisories = cause.advisoryIds().isEmpty() ? "none listed" : String.join(", ", cause.advisoryIds());
		String description = cause.getMessage() + "\nThe platform of "
				+ ConnectionTarget.of(cause).describe() + " has a Trusted Computing Base (firmware and "
				+ "microcode) that is out of date or has an open security advisory. Intel advisories: " + advisories
				+ ".";
		String action = "Escalate to the cluster operator: the host's microcode/firmware must be updated and the host "
				+ "rebooted (see Intel's advisories: " + advisories + "). Do not work around it from the client, for "
				+ "example by adding \"" + cause.status() + "\" to teesql.attestation.acceptable-tcb-statuses.";
		return new FailureAnalysis(description, action, cause);
	}

}
