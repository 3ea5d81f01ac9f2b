package com.teesql.devcluster.outage;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand, to reach a collateral's {@code nextUpdate} without waiting for it.
 */
final class AdjustableClock extends Clock {

	private volatile Instant now;

	AdjustableClock(Instant now) {
		this.now = now;
	}

	void set(Instant instant) {
		this.now = instant;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("fixed to UTC");
	}

	@Override
	public Instant instant() {
		return this.now;
	}

}
