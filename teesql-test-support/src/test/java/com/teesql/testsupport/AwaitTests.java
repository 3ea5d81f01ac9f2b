package com.teesql.testsupport;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AwaitTests {

	@Test
	void returnsOnceTheConditionHoldsAndFailsNamingWhatWasAwaitedWhenItNeverDoes() throws InterruptedException {
		CountDownLatch released = new CountDownLatch(1);
		Thread releaser = new Thread(released::countDown);
		releaser.start();
		Await.until("the releaser ran", () -> released.getCount() == 0);
		releaser.join();
		assertThatExceptionOfType(ConditionTimeoutException.class)
			.isThrownBy(() -> Await.until("a condition that never holds", Duration.ofMillis(50), () -> false))
			.withMessageContaining("a condition that never holds");
	}

	@Test
	void returnsTheFirstValueThatMatches() {
		AtomicInteger counter = new AtomicInteger();
		assertThat(Await.until("the counter reaches 3", counter::incrementAndGet, (value) -> value >= 3)).isEqualTo(3);
	}

}
