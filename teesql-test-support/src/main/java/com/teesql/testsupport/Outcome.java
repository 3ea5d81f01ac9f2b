package com.teesql.testsupport;

import java.util.Objects;
import java.util.function.Function;

/**
 * What a call produced: its result, or the refusal it threw (a key of the refusal, such as its reason code, and its
 * message), comparable with {@code equals}, so that two implementations of one check (a fast path and its reference)
 * can be held to the same verdict call by call.
 *
 * @param result the result, {@code null} if the call was refused
 * @param refusal the refusal's key, {@code null} if the call returned
 * @param message the refusal's message, {@code null} if the call returned
 */
public record Outcome(Object result, Object refusal, String message) {

	public Outcome {
		Objects.requireNonNull((result != null) ? result : refusal, "a result or a refusal");
	}

	/**
	 * Run a call and record its outcome.
	 * @param <E> the refusal's type
	 * @param call the call
	 * @param refusalType the exception that counts as a refusal; any other exception fails the test (an unchecked one
	 * propagates as it is, a checked one as the cause of an {@link AssertionError})
	 * @param key what identifies a refusal besides its message
	 * @return the outcome
	 */
	public static <E extends Exception> Outcome of(Call call, Class<E> refusalType, Function<? super E, ?> key) {
		try {
			return new Outcome(call.run(), null, null);
		}
		catch (Exception ex) {
			if (ex instanceof RuntimeException unchecked && !refusalType.isInstance(ex)) {
				throw unchecked;
			}
			if (!refusalType.isInstance(ex)) {
				throw new AssertionError("neither a result nor a " + refusalType.getSimpleName() + ": " + ex, ex);
			}
			E refusal = refusalType.cast(ex);
			return new Outcome(null, key.apply(refusal), refusal.getMessage());
		}
	}

	/**
	 * The call whose outcome is recorded.
	 */
	@FunctionalInterface
	public interface Call {

		Object run() throws Exception;

	}

}
