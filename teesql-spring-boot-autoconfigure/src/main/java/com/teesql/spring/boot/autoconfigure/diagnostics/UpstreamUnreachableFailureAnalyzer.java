package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.errors.ConnectTimeoutException;
import com.teesql.jdbc.errors.UpstreamUnreachableException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link UpstreamUnreachableException}: the sidecar could not even be reached over TCP (host unknown,
 * connection refused or timed out), so nothing was attested or sent.
 *
 * @author teesql-spring-boot
 */
class UpstreamUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<UpstreamUnreachableException> {


	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UpstreamUnreachableException cause) {
		ConnectionTarget target = ConnectionTarget.of(cause);
		String description = "The TeeSQL sidecar (" + target.describe() + ") could not be reached: "
				+ cause.getMessage() + ".";
		String action = """
				Check that teesql.url names the sidecar's RA-TLS port (5433 on a TeeSQL CVM, or 443 through a dstack \
				gateway with TLS passthrough) and a host this machine can resolve and reach.
				Check the cluster itself: curl -s %s (if /health answers but the RA-TLS port does not, look at the \
				proxy/gateway layer)."""
			.formatted(target.healthUrl());
		if (cause instanceof ConnectTimeoutException) {
			action += "\nIf the network is merely slow, raise teesql.connect-timeout.";
		}
		return new FailureAnalysis(description, action, cause);
	}

}
