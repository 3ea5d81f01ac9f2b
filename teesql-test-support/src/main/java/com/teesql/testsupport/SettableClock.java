package com.teesql.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that tests set or advance by hand, to reach expiry and validity edges without waiting.
 */
public final class SettableClock extends Clock {

	private volatile Instant now;

	public SettableClock(Instant now) {
		this.now = now;
	}

	public SettableClock(long epochSecond) {
		this(Instant.ofEpochSecond(epochSecond));
	}

	public void set(Instant instant) {
		this.now = instant;
	}

	public void set(long epochSecond) {
		set(Instant.ofEpochSecond(epochSecond));
	}

	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
