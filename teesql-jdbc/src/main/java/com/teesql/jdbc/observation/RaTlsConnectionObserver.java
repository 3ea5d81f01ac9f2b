package com.teesql.jdbc.observation;

import java.time.Duration;
import java.util.List;

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

		};
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
