package com.teesql.jdbc.observation;

import java.util.Map;

/**
 * An operation under way (an RA-TLS handshake, a peer verification, a manifest refresh), told once how it ended, so
 * that a tracing or observation system can record it with its real start and end, for example as a span.
 */
@FunctionalInterface
public interface OperationTiming {

	/** Key of {@link #end} details: whether a verification was answered from the cache ({@code hit}/{@code miss}). */
	String CACHE = "cache";

	/**
	 * Key of {@link #end} details: the attestation evidence format of the peer certificate
	 * ({@code attestation-v0}, {@code legacy-quote} or {@code none}).
	 */
	String FORMAT = "format";

	/** A timing that records nothing. */
	OperationTiming NONE = (outcome, details) -> {
	};

	/**
	 * The operation ended.
	 * @param outcome {@link RaTlsConnectionObserver#SUCCESS}, {@link RaTlsConnectionObserver#ACCEPTED} or the simple
	 * class name of the exception that ended it
	 * @param details low-cardinality facts about the operation ({@link #CACHE}, {@link #FORMAT}), possibly empty
	 */
	void end(String outcome, Map<String, String> details);

	/**
	 * Ends the timing, logging and swallowing a failure of the observer, so observation never breaks a connection.
	 * @param timing the timing
	 * @param outcome the outcome
	 * @param details the details
	 */
	static void endSafely(OperationTiming timing, String outcome, Map<String, String> details) {
		RaTlsConnectionObserver.Safely.run(() -> timing.end(outcome, details));
	}

}
