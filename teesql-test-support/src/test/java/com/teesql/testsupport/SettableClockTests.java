package com.teesql.testsupport;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SettableClockTests {

	@Test
	void showsWhatItWasSetOrAdvancedTo() {
		SettableClock clock = new SettableClock(1_700_000_000L);
		assertThat(clock.instant()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
		clock.advance(Duration.ofSeconds(5));
		assertThat(clock.millis()).isEqualTo(1_700_000_005_000L);
		clock.set(Instant.EPOCH);
		assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
	}

}
