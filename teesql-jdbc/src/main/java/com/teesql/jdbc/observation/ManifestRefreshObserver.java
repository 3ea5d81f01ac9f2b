package com.teesql.jdbc.observation;

/**
 * Told when a leader manifest refresh (DNS lookup and verification) starts, for tracing. Called on the refreshing
 * thread; implementations must be fast and must not block.
 */
@FunctionalInterface
public interface ManifestRefreshObserver {

	/** An observer that records nothing. */
	ManifestRefreshObserver NONE = (recordName) -> OperationTiming.NONE;

	/**
	 * A refresh starts.
	 * @param recordName the TXT record resolved, {@code _teesql-leader.<domain>}
	 * @return the timing to end with {@code success} or the refusal's simple class name
	 */
	OperationTiming refreshStarted(String recordName);

}
