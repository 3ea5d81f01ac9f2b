package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.errors.HandshakeTimeoutException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link HandshakeTimeoutException}: the TCP connection was made but the RA-TLS handshake did not finish
 * in time.
 *
 * @author teesql-spring-boot
 */
class HandshakeTimeoutFailureAnalyzer extends AbstractFailureAnalyzer<HandshakeTimeoutException> {


	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, HandshakeTimeoutException cause) {
		ConnectionTarget target = ConnectionTarget.of(cause);
		String description = "Upstream TLS handshake timed out after " + cause.timeoutMillis() + "ms: the RA-TLS "
				+ "handshake with " + target.describe() + " did not complete within teesql.handshake-timeout.";
		String action = """
				Likely causes: network filtering between this host and the cluster, the cluster CVM is not \
				running, or the dstack gateway is misconfigured for SNI.
				Verify with: curl -s %s
				If /health is reachable but the RA-TLS port is not, the issue is at the proxy/gateway layer. If the \
				network is merely slow, raise teesql.handshake-timeout.""".formatted(target.healthUrl());
		return new FailureAnalysis(description, action, cause);
	}

}
