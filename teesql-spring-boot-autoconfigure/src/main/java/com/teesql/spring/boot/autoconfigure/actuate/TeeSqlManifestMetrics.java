package com.teesql.spring.boot.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;

import com.teesql.jdbc.manifest.ManifestWatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Leader-discovery meters, bound by Boot like its own binders: counter {@code teesql.leader.changes}, gauges
 * {@code teesql.manifest.age} (seconds since the manifest was last verified) and {@code teesql.manifest.epoch}.
 * None is tagged: there is one manifest per application.
 *
 * @author teesql-spring-boot
 */
public final class TeeSqlManifestMetrics implements MeterBinder {

	/** Counter of leader changes seen in the signed manifest. */
	public static final String LEADER_CHANGES = "teesql.leader.changes";

	/** Gauge of the seconds since the manifest was last verified. */
	public static final String MANIFEST_AGE = "teesql.manifest.age";

	/** Gauge of the current manifest's epoch. */
	public static final String MANIFEST_EPOCH = "teesql.manifest.epoch";

	private final ManifestWatcher watcher;

	/**
	 * Create the meters of the given watcher.
	 * @param watcher the manifest watcher
	 */
	public TeeSqlManifestMetrics(ManifestWatcher watcher) {
		this.watcher = watcher;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Counter changes = Counter.builder(LEADER_CHANGES)
			.description("Leader changes seen in the signed manifest")
			.register(registry);
		this.watcher.addListener((previous, current) -> changes.increment());
		Gauge.builder(MANIFEST_AGE, this.watcher,
				(w) -> Duration.between(w.lastVerified(), Instant.now()).toMillis() / 1000.0)
			.description("Seconds since the leader manifest was last resolved and verified")
			.baseUnit("seconds")
			.register(registry);
		Gauge.builder(MANIFEST_EPOCH, this.watcher, (w) -> w.lastGood().epoch())
			.description("Epoch of the current leader manifest")
			.register(registry);
	}

}
