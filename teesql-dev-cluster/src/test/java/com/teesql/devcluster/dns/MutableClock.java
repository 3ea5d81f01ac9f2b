package com.teesql.devcluster.dns;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that tests move by hand.
 */
final class MutableClock extends Clock {

	private volatile Instant now;

	MutableClock(long epochSecond) {
		this.now = Instant.ofEpochSecond(epochSecond);
	}

	void set(long epochSecond) {
		this.now = Instant.ofEpochSecond(epochSecond);
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
