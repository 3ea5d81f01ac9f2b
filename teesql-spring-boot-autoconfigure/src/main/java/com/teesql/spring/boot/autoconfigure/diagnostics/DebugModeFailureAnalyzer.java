package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.errors.DebugModeException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link DebugModeException}: the database CVM is a TDX debug TD.
 *
 * @author teesql-spring-boot
 */
class DebugModeFailureAnalyzer extends AbstractFailureAnalyzer<DebugModeException> {


	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DebugModeException cause) {
		String description = "TDX TD is in debug mode — connection refused. The database CVM behind "
				+ ConnectionTarget.of(cause).describe() + " runs with the TDX debug attribute set; "
				+ "the host can inspect a debug TD, so it has no confidentiality guarantees.";
		String action = "The fix is on the operator side: ask the cluster operator to redeploy the cluster with debug "
				+ "mode off. Never set teesql.attestation.allow-debug-mode=true in production.";
		return new FailureAnalysis(description, action, cause);
	}

}
