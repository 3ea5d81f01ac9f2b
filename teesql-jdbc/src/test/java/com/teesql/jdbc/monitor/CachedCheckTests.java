package com.teesql.jdbc.monitor;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.teesql.testsupport.Await;
import com.teesql.testsupport.SettableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CachedCheck}: on a settable clock, with latches holding the check, never with a sleep.
 *
 * @author teesql-spring-boot
 */
class CachedCheckTests {

	private static final Duration REUSE = Duration.ofSeconds(5);

	// Long enough never to expire while the test waits for a check that is not held.
	private static final Duration LONG_WAIT = Duration.ofMinutes(1);

	private final SettableClock clock = new SettableClock(1_700_000_000L);

	private final AtomicInteger runs = new AtomicInteger();

	@Test
	void reusesAResultUntilItIsOldOrInvalidated() {
		try (CachedCheck<String> check = check(() -> "run " + this.runs.incrementAndGet(), LONG_WAIT)) {
			assertThat(check.get()).isEqualTo("run 1");
			this.clock.advance(REUSE.minusMillis(1));
			assertThat(check.get()).isEqualTo("run 1");
			this.clock.advance(Duration.ofMillis(1));
			assertThat(check.get()).isEqualTo("run 2");
			check.invalidate();
			assertThat(check.get()).isEqualTo("run 3");
		}
	}

	@Test
	void aFailureBecomesTheFailureResult() {
		try (CachedCheck<String> check = check(() -> {
			throw new IllegalStateException("sidecar said no");
		}, LONG_WAIT)) {
			assertThat(check.get()).isEqualTo("failed: sidecar said no");
		}
	}

	@Test
	void aCallerWaitsAtMostMaxWaitAndTheCheckStillFinishesForTheNextCaller() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		try (CachedCheck<String> check = check(() -> {
			started.countDown();
			release.await();
			return "run " + this.runs.incrementAndGet();
		}, Duration.ofMillis(50))) {
			assertThat(check.get()).isEqualTo("timed out after PT0.05S");
			assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
			// Still held: a second caller joins the running check instead of starting another one.
			assertThat(check.get()).isEqualTo("timed out after PT0.05S");
			release.countDown();
			Await.until("the held check to finish", Duration.ofMinutes(1), () -> this.runs.get() == 1);
			Await.until("its result to be cached", Duration.ofMinutes(1), () -> "run 1".equals(check.get()));
			assertThat(this.runs).hasValue(1);
		}
	}

	@Test
	void aClosedCheckAnswersWithAFailureInsteadOfRunning() {
		CachedCheck<String> check = check(() -> "run " + this.runs.incrementAndGet(), LONG_WAIT);
		check.close();
		assertThat(check.get()).isEqualTo("failed: the check has been shut down");
		assertThat(this.runs).hasValue(0);
	}

	private CachedCheck<String> check(java.util.concurrent.Callable<String> body, Duration maxWait) {
		return new CachedCheck<>("cached-check-test", body, (ex) -> "failed: " + ex.getMessage(),
				(waited) -> "timed out after " + waited, REUSE, maxWait, this.clock);
	}

}
