package com.teesql.spring.boot.autoconfigure.actuate;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Records the connector's handshakes and verifications as Micrometer meters, tagged as Boot tags its own meters:
 * timer {@code teesql.handshake} (tags {@code outcome}, {@code exception}), timer {@code teesql.verification}
 * (tags {@code verifier}, {@code outcome}, {@code exception}) and counter {@code teesql.verification.cache.hits}.
 * {@code outcome} is {@code success} or {@code failure}; {@code exception} is {@code none} on success and otherwise
 * the simple class name of the exception that ended the handshake or refused the peer (a small, closed set).
 * <p>
 * A {@link MeterBinder}: Boot binds it to the application's registry once the registry is ready. The connector
 * (and with it this observer) is created together with the DataSource, which may connect before that (a migration,
 * {@code teesql.verify-on-startup}); those first events are kept and recorded when the binding happens.
 *
 * @author teesql-spring-boot
 */
public final class TeeSqlConnectionMetrics implements RaTlsConnectionObserver, MeterBinder {

	/** Timer of TLS handshakes with the sidecar. */
	public static final String HANDSHAKE = "teesql.handshake";

	/** Timer of full attestation verifications. */
	public static final String VERIFICATION = "teesql.verification";

	/** Counter of connections accepted from the verification cache. */
	public static final String CACHE_HITS = "teesql.verification.cache.hits";

	/** Tag key of the outcome, {@link #SUCCESS_OUTCOME} or {@link #FAILURE_OUTCOME}. */
	public static final String OUTCOME_TAG = "outcome";

	/** Tag key of the exception's simple class name, {@link #NO_EXCEPTION} on success. */
	public static final String EXCEPTION_TAG = "exception";

	/** Outcome tag of a successful handshake or an accepted peer. */
	public static final String SUCCESS_OUTCOME = "success";

	/** Outcome tag of a failed handshake or a refused peer. */
	public static final String FAILURE_OUTCOME = "failure";

	/** Exception tag when nothing was thrown, as Boot's own meters spell it. */
	public static final String NO_EXCEPTION = "none";

	// Events seen before the first binding; bounded so that a registry that never comes cannot grow it forever.
	private static final int MAX_EARLY_EVENTS = 1000;

	// Every registry Boot binds this to (normally one: its composite) receives each event.
	private final CompositeMeterRegistry registries = new CompositeMeterRegistry();

	private final Queue<Consumer<MeterRegistry>> early = new ArrayDeque<>();

	private volatile boolean bound;

	@Override
	public void bindTo(MeterRegistry registry) {
		synchronized (this) {
			this.registries.add(registry);
			// Present from the start, so dashboards and alerts see a zero rather than no series.
			handshakeTimer(SUCCESS_OUTCOME, NO_EXCEPTION).register(registry);
			cacheHitsCounter().register(registry);
			if (!this.bound) {
				this.bound = true;
				this.early.forEach((event) -> event.accept(this.registries));
				this.early.clear();
			}
		}
	}

	@Override
	public void handshake(Duration duration, String outcome) {
		Tags tags = tags(SUCCESS.equals(outcome), outcome);
		record((registry) -> Timer.builder(HANDSHAKE)
			.description("TLS handshakes with the TeeSQL sidecar")
			.tags(tags)
			.register(registry)
			.record(duration));
	}

	@Override
	public void verification(String verifierName, Duration duration, String outcome) {
		Tags tags = tags(ACCEPTED.equals(outcome), outcome).and("verifier", verifierName);
		record((registry) -> Timer.builder(VERIFICATION)
			.description("Attestation verifications of the TeeSQL sidecar's certificate")
			.tags(tags)
			.register(registry)
			.record(duration));
	}

	@Override
	public void cacheHit() {
		record((registry) -> cacheHitsCounter().register(registry).increment());
	}

	// The observer reports either its success word or the exception's simple class name (see
	// RaTlsConnectionObserver); split that into Boot's outcome / exception pair.
	private static Tags tags(boolean success, String observed) {
		return success ? Tags.of(OUTCOME_TAG, SUCCESS_OUTCOME, EXCEPTION_TAG, NO_EXCEPTION)
				: Tags.of(OUTCOME_TAG, FAILURE_OUTCOME, EXCEPTION_TAG, observed);
	}

	private static Timer.Builder handshakeTimer(String outcome, String exception) {
		return Timer.builder(HANDSHAKE)
			.description("TLS handshakes with the TeeSQL sidecar")
			.tags(OUTCOME_TAG, outcome, EXCEPTION_TAG, exception);
	}

	private static Counter.Builder cacheHitsCounter() {
		return Counter.builder(CACHE_HITS).description("Connections accepted from the attestation verification cache");
	}

	private void record(Consumer<MeterRegistry> event) {
		if (this.bound) {
			event.accept(this.registries);
			return;
		}
		synchronized (this) {
			if (this.bound) {
				event.accept(this.registries);
			}
			else if (this.early.size() < MAX_EARLY_EVENTS) {
				this.early.add(event);
			}
		}
	}

}
