package com.teesql.devcluster.sidecar;

/**
 * Counters of a {@link Sidecar} since it started, taken at one moment.
 *
 * @param connectionsAccepted TCP connections accepted on the listener
 * @param handshakesCompleted TLS handshakes that completed (client certificate accepted, if required)
 * @param handshakeFailures TLS handshakes that failed or timed out
 * @param startupMessagesSeen v3 {@code StartupMessage}s received inside TLS
 * @param authFailures clients refused for their role or secret, or whose injected backend login failed
 * @param sessionsSpliced sessions that reached the splice (authenticated at both ends)
 * @author TeeSQL contributors
 */
public record SidecarStats(long connectionsAccepted, long handshakesCompleted, long handshakeFailures,
		long startupMessagesSeen, long authFailures, long sessionsSpliced) {

}
