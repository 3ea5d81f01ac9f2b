package com.teesql.testsupport;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Waits for an event by polling for it with a deadline (Awaitility), instead of sleeping a fixed time and hoping it
 * happened. The deadline only bounds a failing test: a passing one returns as soon as the condition holds, so it is
 * generous, for loaded build machines. Timing claims belong in the benchmarks, not here.
 */
public final class Await {

	/** How long a condition may take before the test fails. */
	public static final Duration DEADLINE = Duration.ofSeconds(30);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

	private Await() {
	}

	/**
	 * Waits until a condition holds, for at most {@link #DEADLINE}.
	 * @param what what is awaited, for the failure message
	 * @param condition the condition
	 */
	public static void until(String what, BooleanSupplier condition) {
		until(what, DEADLINE, condition);
	}

	/**
	 * Waits until a condition holds.
	 * @param what what is awaited, for the failure message
	 * @param deadline how long it may take
	 * @param condition the condition
	 */
	public static void until(String what, Duration deadline, BooleanSupplier condition) {
		awaiting(what, deadline).until(condition::getAsBoolean);
	}

	/**
	 * Waits until a value matches, for at most {@link #DEADLINE}.
	 * @param <T> the value's type
	 * @param what what is awaited, for the failure message
	 * @param value reads the value
	 * @param condition what it must satisfy
	 * @return the first value that matched
	 */
	public static <T> T until(String what, Callable<T> value, Predicate<? super T> condition) {
		return awaiting(what, DEADLINE).until(value, condition::test);
	}

	/**
	 * The Awaitility condition factory with this class's deadline and poll interval, for the other forms of
	 * Awaitility (assertions, ignored exceptions).
	 * @param what what is awaited, for the failure message
	 * @return the factory
	 */
	public static ConditionFactory awaiting(String what) {
		return awaiting(what, DEADLINE);
	}

	private static ConditionFactory awaiting(String what, Duration deadline) {
		return Awaitility.await(what).atMost(deadline).pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL);
	}

}
