package com.teesql.devcluster.sidecar;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters behind {@link SidecarStats}.
 */
final class SidecarCounters {

	final AtomicLong connectionsAccepted = new AtomicLong();

	final AtomicLong handshakesCompleted = new AtomicLong();

	final AtomicLong handshakeFailures = new AtomicLong();

	final AtomicLong startupMessagesSeen = new AtomicLong();

	final AtomicLong authFailures = new AtomicLong();

	final AtomicLong sessionsSpliced = new AtomicLong();

	SidecarStats snapshot() {
		return new SidecarStats(this.connectionsAccepted.get(), this.handshakesCompleted.get(),
				this.handshakeFailures.get(), this.startupMessagesSeen.get(), this.authFailures.get(),
				this.sessionsSpliced.get());
	}

}
