package com.teesql.testsupport;

/**
 * Finds the failure a test expects in a cause chain (pgjdbc and Spring wrap the connector's exceptions).
 */
public final class Causes {

	private Causes() {
	}

	/**
	 * The first throwable of a type in a cause chain.
	 * @param <T> the type
	 * @param failure the outermost failure
	 * @param type the type looked for
	 * @return the first match, {@code failure} itself included
	 * @throws AssertionError naming the chain if there is none
	 */
	public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getName() + " in the cause chain of " + failure, failure);
	}

}
