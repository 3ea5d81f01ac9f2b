package com.teesql.r2dbc;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.teesql.jdbc.errors.HandshakeTimeoutException;
import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.observation.OperationTiming;
import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.ServerChainTrustManager;
import reactor.core.publisher.Mono;

/**
 * One connection attempt's TLS negotiation: the trust manager that verifies the server's attestation inside the
 * handshake, and the deadline that bounds the negotiation. The JDK runs the trust manager when the server's
 * Certificate message arrives, before the client sends its own Finished; a refusal thrown there aborts the
 * handshake, so the driver never gets a channel to write its StartupMessage (or the secret) on.
 */
final class AttestedHandshake {

	private static final int NEGOTIATING = 0;

	private static final int CERTIFICATE_RECEIVED = 1;

	private static final int EXPIRED = 2;

	private final RaTlsConnector connector;

	private final long startedNanos = System.nanoTime();

	// Whichever of the trust manager and the deadline moves the state first wins: a negotiation that reached the
	// server's certificate is no longer bounded by the handshake timeout (verification has its own timeouts, as on
	// the JDBC path), and a negotiation past its deadline can no longer be accepted.
	private final AtomicInteger state = new AtomicInteger(NEGOTIATING);

	private final AtomicReference<TeeSqlException> refusal = new AtomicReference<>();

	// The Observation of this handshake (tracing), ended with the same outcome as the meter.
	private final OperationTiming timing;

	AttestedHandshake(RaTlsConnector connector) {
		this.connector = connector;
		this.timing = RaTlsConnectionObserver.start(() -> connector.observer()
			.handshakeStarted(connector.config().host(), connector.config().port()));
	}

	ServerChainTrustManager trustManager() {
		return new VerifyingTrustManager();
	}

	/**
	 * Emits when the handshake timeout passed before the server's certificate arrived; never emits otherwise.
	 * @return the deadline signal, for {@link Mono#timeout(org.reactivestreams.Publisher, Mono)}
	 */
	Mono<Long> deadline() {
		return Mono.delay(this.connector.config().handshakeTimeout())
			.flatMap((tick) -> this.state.compareAndSet(NEGOTIATING, EXPIRED) ? Mono.just(tick) : Mono.never());
	}

	HandshakeTimeoutException timeout() {
		observeHandshake(HandshakeTimeoutException.class.getSimpleName());
		HandshakeTimeoutException timeout = new HandshakeTimeoutException(
				this.connector.config().handshakeTimeout().toMillis());
		timeout.withTarget(this.connector.config().target());
		// As on the JDBC path: a target that does not finish the handshake may no longer be the leader.
		this.connector.reportUnreachable();
		return timeout;
	}

	/**
	 * Records a failure that ended the attempt before the server's certificate was received.
	 * @param failure the failure, already translated
	 */
	void failedBeforeCertificate(TeeSqlException failure) {
		if (this.state.compareAndSet(NEGOTIATING, EXPIRED)) {
			observeHandshake(failure.getClass().getSimpleName());
		}
	}

	/**
	 * The refusal thrown by the verification of this attempt, if any. The driver wraps the handshake failure in its
	 * own exceptions; this is the original, typed one.
	 * @return the refusal or {@code null}
	 */
	TeeSqlException refusal() {
		return this.refusal.get();
	}

	/**
	 * Records that the application gave up on the attempt (cancelled it) before the server's certificate arrived.
	 */
	void abandoned() {
		if (this.state.compareAndSet(NEGOTIATING, EXPIRED)) {
			observeHandshake("CancellationException");
		}
	}

	// Called once per attempt: every caller first moves the state away from NEGOTIATING.
	private void observeHandshake(String outcome) {
		Duration duration = Duration.ofNanos(System.nanoTime() - this.startedNanos);
		RaTlsConnectionObserver.Safely
			.run(() -> this.connector.observer().handshake(duration, outcome));
		OperationTiming.endSafely(this.timing, outcome, Map.of());
	}

	private void verify(X509Certificate[] chain) throws CertificateException {
		if (!this.state.compareAndSet(NEGOTIATING, CERTIFICATE_RECEIVED)) {
			throw new CertificateException("the TLS handshake timed out before the server's certificate arrived");
		}
		observeHandshake(RaTlsConnectionObserver.SUCCESS);
		try {
			this.connector.verifyServerChain(chain);
		}
		catch (TeeSqlException ex) {
			this.refusal.set(ex);
			throw new CertificateException(ex.getMessage(), ex);
		}
		catch (IOException | RuntimeException ex) {
			TeeSqlException failure = new TeeSqlException("attestation verification failed: " + ex.getMessage(), ex)
				.withTarget(this.connector.config().target());
			this.refusal.set(failure);
			throw new CertificateException(failure.getMessage(), failure);
		}
	}

	/**
	 * Accepts the server's chain only if its attestation verifies. One instance per connection attempt.
	 */
	private final class VerifyingTrustManager extends ServerChainTrustManager {

		@Override
		protected void acceptServerChain(X509Certificate[] chain) throws CertificateException {
			verify(chain);
		}

	}

}
