package com.teesql.jdbc.observation;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives timing and outcome events of an {@code RaTlsConnector}, for metrics and status reporting. Called on the
 * connecting thread, so implementations must be fast, thread-safe and must not block. An exception thrown by an
 * observer is logged and otherwise ignored: observation never decides whether a connection is accepted.
 */
public interface RaTlsConnectionObserver {

	/** Outcome of a successful TLS handshake. */
	String SUCCESS = "success";

	/** Outcome of a verification that accepted the peer. */
	String ACCEPTED = "accepted";

	/** An observer that ignores every event. */
	RaTlsConnectionObserver NONE = new RaTlsConnectionObserver() {
	};

	/**
	 * A TLS handshake with the sidecar finished.
	 * @param duration how long the handshake (including an SSLRequest exchange) took
	 * @param outcome {@link #SUCCESS} or the simple class name of the exception that ended it
	 */
	default void handshake(Duration duration, String outcome) {
	}

	/**
	 * A peer certificate was verified (not answered from the verification cache).
	 * @param verifierName the quote verifier's name, for example {@code dcap}
	 * @param duration how long the verification took
	 * @param outcome {@link #ACCEPTED} or the simple class name of the refusal exception
	 */
	default void verification(String verifierName, Duration duration, String outcome) {
	}

	/**
	 * A peer certificate was accepted from the verification cache.
	 */
	default void cacheHit() {
	}

	/**
	 * A TLS handshake with the sidecar starts (for tracing; {@link #handshake} still reports its duration).
	 * @param host the sidecar host
	 * @param port the sidecar port
	 * @return the timing ended with {@link #SUCCESS} or the exception's simple class name
	 */
	default OperationTiming handshakeStarted(String host, int port) {
		return OperationTiming.NONE;
	}

	/**
	 * A peer verification starts (for tracing), whether or not the cache will answer it.
	 * @param verifierName the quote verifier's name
	 * @return the timing ended with {@link #ACCEPTED} or the refusal's simple class name, with the
	 * {@link OperationTiming#CACHE} and {@link OperationTiming#FORMAT} details
	 */
	default OperationTiming verificationStarted(String verifierName) {
		return OperationTiming.NONE;
	}

	/**
	 * An observer forwarding every event to each of the given ones, isolating them from each other's failures.
	 * @param observers the observers
	 * @return a single observer ({@link #NONE} when the list is empty)
	 */
	static RaTlsConnectionObserver composite(List<? extends RaTlsConnectionObserver> observers) {
		List<RaTlsConnectionObserver> all = List.copyOf(observers);
		if (all.isEmpty()) {
			return NONE;
		}
		return new RaTlsConnectionObserver() {

			@Override
			public void handshake(Duration duration, String outcome) {
				all.forEach((observer) -> Safely.run(() -> observer.handshake(duration, outcome)));
			}

			@Override
			public void verification(String verifierName, Duration duration, String outcome) {
				all.forEach((observer) -> Safely.run(() -> observer.verification(verifierName, duration, outcome)));
			}

			@Override
			public void cacheHit() {
				all.forEach((observer) -> Safely.run(observer::cacheHit));
			}

			@Override
			public OperationTiming handshakeStarted(String host, int port) {
				return started(all.stream().map((observer) -> start(() -> observer.handshakeStarted(host, port))));
			}

			@Override
			public OperationTiming verificationStarted(String verifierName) {
				return started(all.stream().map((observer) -> start(() -> observer.verificationStarted(verifierName))));
			}

		};
	}

	/**
	 * Starts a timing through an observer, isolating its failure.
	 * @param start the observer call
	 * @return its timing, or {@link OperationTiming#NONE} when the call failed or returned none
	 */
	static OperationTiming start(Supplier<OperationTiming> start) {
		try {
			OperationTiming timing = start.get();
			return (timing != null) ? timing : OperationTiming.NONE;
		}
		catch (RuntimeException ex) {
			LoggerFactory.getLogger(RaTlsConnectionObserver.class).warn("RA-TLS connection observer failed; ignoring it",
					ex);
			return OperationTiming.NONE;
		}
	}

	private static OperationTiming started(Stream<OperationTiming> timings) {
		List<OperationTiming> all = timings.toList();
		return (outcome, details) -> all.forEach((timing) -> OperationTiming.endSafely(timing, outcome, details));
	}

	/**
	 * Runs observer callbacks so that their failures cannot break a connection.
	 */
	final class Safely {

		private static final Logger logger = LoggerFactory.getLogger(RaTlsConnectionObserver.class);

		private Safely() {
		}

		/**
		 * Run the callback, logging and swallowing a runtime exception.
		 * @param callback the observer call
		 */
		public static void run(Runnable callback) {
			try {
				callback.run();
			}
			catch (RuntimeException ex) {
				logger.warn("RA-TLS connection observer failed; ignoring it", ex);
			}
		}

	}

}
