package com.teesql.jdbc.routing;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.HandshakeTimeoutException;
import com.teesql.jdbc.errors.TlsNegotiationException;
import com.teesql.jdbc.errors.UpstreamUnreachableException;

/**
 * Tells whether a connection failure happened before attestation (refused, reset, timed out), or the borrow was
 * refused because its leader was replaced ({@link LeaderRetiredException}) — the only kinds that justify re-resolving
 * the leader and retrying once. Attestation, policy and authentication failures never do.
 */
public final class PreAttestationFailures {

	private PreAttestationFailures() {
	}

	/**
	 * Whether the failure is a pre-attestation connection failure.
	 * @param failure the exception (any wrapping)
	 * @return {@code true} to re-resolve and retry once
	 */
	public static boolean isPreAttestation(Throwable failure) {
		// Nothing was sent to a retired leader: the borrow is retried on the current one.
		if (failure instanceof LeaderRetiredException) {
			return true;
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof AttestationException) {
				return false;
			}
			if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
					&& sql.getSQLState().startsWith("28")) {
				return false;
			}
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UpstreamUnreachableException
					|| cause instanceof HandshakeTimeoutException || cause instanceof TlsNegotiationException
					|| cause instanceof SocketTimeoutException || cause instanceof SocketException) {
				return true;
			}
		}
		return false;
	}

}
