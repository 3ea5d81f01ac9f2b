package com.teesql.spring.boot.autoconfigure.actuate;

import java.time.Duration;
import java.util.function.Supplier;

import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.util.function.SingletonSupplier;

/**
 * Records the connector's handshakes and verifications as Micrometer meters: timer {@code teesql.handshake} (tag
 * {@code outcome}), timer {@code teesql.verification} (tags {@code verifier}, {@code outcome}: {@code accepted} or
 * the refusal's exception name) and counter {@code teesql.verification.cache.hits}.
 *
 * @author teesql-spring-boot
 */
public final class TeeSqlConnectionMetrics implements RaTlsConnectionObserver {

	/** Timer of TLS handshakes with the sidecar. */
	public static final String HANDSHAKE = "teesql.handshake";

	/** Timer of full attestation verifications. */
	public static final String VERIFICATION = "teesql.verification";

	/** Counter of connections accepted from the verification cache. */
	public static final String CACHE_HITS = "teesql.verification.cache.hits";

	// The registry is looked up on first use: the connector (and with it this observer) is created while the
	// DataSource is, and meter binders of the registry may themselves need the DataSource.
	private final Supplier<MeterRegistry> registry;

	private final Supplier<Counter> cacheHits;

	/**
	 * Create metrics recorded in the given registry.
	 * @param registry supplies the registry on first use
	 */
	public TeeSqlConnectionMetrics(Supplier<MeterRegistry> registry) {
		this.registry = SingletonSupplier.of(registry);
		this.cacheHits = SingletonSupplier.of(() -> Counter.builder(CACHE_HITS)
			.description("Connections accepted from the attestation verification cache")
			.register(this.registry.get()));
	}

	@Override
	public void handshake(Duration duration, String outcome) {
		Timer.builder(HANDSHAKE)
			.description("TLS handshakes with the TeeSQL sidecar")
			.tag("outcome", outcome)
			.register(this.registry.get())
			.record(duration);
	}

	@Override
	public void verification(String verifierName, Duration duration, String outcome) {
		Timer.builder(VERIFICATION)
			.description("Attestation verifications of the TeeSQL sidecar's certificate")
			.tag("verifier", verifierName)
			.tag("outcome", outcome)
			.register(this.registry.get())
			.record(duration);
	}

	@Override
	public void cacheHit() {
		this.cacheHits.get().increment();
	}

}
