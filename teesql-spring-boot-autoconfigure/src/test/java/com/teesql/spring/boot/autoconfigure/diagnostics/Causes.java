package com.teesql.spring.boot.autoconfigure.diagnostics;

import static org.assertj.core.api.Assertions.fail;

/**
 * Finds the real cause of a startup failure, proving that a test's failure is the one it claims to provoke.
 */
final class Causes {

	private Causes() {
	}

	static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		return fail("No %s in the cause chain of %s", type.getName(), failure);
	}

}
