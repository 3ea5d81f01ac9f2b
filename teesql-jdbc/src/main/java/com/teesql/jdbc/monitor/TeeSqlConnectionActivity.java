package com.teesql.jdbc.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.teesql.jdbc.observation.RaTlsConnectionObserver;

/**
 * Remembers when the connector last verified a server and whether something failed since, so that health can tell
 * a recently attested target from one that needs checking. Registered as an {@link RaTlsConnectionObserver} of the
 * connector.
 *
 * @author teesql-spring-boot
 */
public final class TeeSqlConnectionActivity implements RaTlsConnectionObserver {

	private final Clock clock;

	private Instant lastVerification;

	private Instant lastAcceptance;

	private Instant lastFailure;

	private String lastFailureType;

	private long refusals;

	/**
	 * Create an activity record on the system clock.
	 */
	public TeeSqlConnectionActivity() {
		this(Clock.systemUTC());
	}

	TeeSqlConnectionActivity(Clock clock) {
		this.clock = clock;
	}

	@Override
	public synchronized void handshake(Duration duration, String outcome) {
		if (!SUCCESS.equals(outcome)) {
			failed(outcome);
		}
	}

	@Override
	public synchronized void verification(String verifierName, Duration duration, String outcome) {
		if (ACCEPTED.equals(outcome)) {
			Instant now = this.clock.instant();
			this.lastVerification = now;
			this.lastAcceptance = now;
		}
		else {
			this.refusals++;
			failed(outcome);
		}
	}

	@Override
	public synchronized void cacheHit() {
		this.lastAcceptance = this.clock.instant();
	}

	private void failed(String outcome) {
		this.lastFailure = this.clock.instant();
		this.lastFailureType = outcome;
	}

	/**
	 * The time of the last full verification, if it is within the window and nothing failed after the last accepted
	 * connection.
	 * @param window how old the verification may be
	 * @return the verification time, empty when the target should be checked now
	 */
	public synchronized Optional<Instant> recentVerification(Duration window) {
		if (this.lastVerification == null || this.lastVerification.isBefore(this.clock.instant().minus(window))) {
			return Optional.empty();
		}
		if (this.lastFailure != null && !this.lastFailure.isBefore(this.lastAcceptance)) {
			return Optional.empty();
		}
		return Optional.of(this.lastVerification);
	}

	/**
	 * The time of the last full (not cached) successful verification.
	 * @return the time, empty before the first one
	 */
	public synchronized Optional<Instant> lastVerification() {
		return Optional.ofNullable(this.lastVerification);
	}

	/**
	 * The last failed handshake or refused verification.
	 * @return time and exception type, empty when none happened
	 */
	public synchronized Optional<Failure> lastFailure() {
		return (this.lastFailure != null) ? Optional.of(new Failure(this.lastFailure, this.lastFailureType))
				: Optional.empty();
	}

	/**
	 * Number of refused verifications.
	 * @return the count
	 */
	public synchronized long refusals() {
		return this.refusals;
	}

	/**
	 * A failed handshake or refused verification.
	 *
	 * @param at when it happened
	 * @param type simple name of the exception
	 */
	public record Failure(Instant at, String type) {
	}

}
