package com.teesql.spring.boot.autoconfigure.actuate;

import java.time.Duration;

import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TeeSqlConnectionMetrics} as a {@code MeterBinder}, against a real registry.
 *
 * @author teesql-spring-boot
 */
class TeeSqlConnectionMetricsTests {

	@Test
	void eventsBeforeTheBindingAreRecordedWhenItHappens() {
		TeeSqlConnectionMetrics metrics = new TeeSqlConnectionMetrics();
		// A connection made while the DataSource starts (a migration), before Boot binds the binders.
		metrics.handshake(Duration.ofMillis(3), RaTlsConnectionObserver.SUCCESS);
		metrics.verification("dcap", Duration.ofMillis(5), "MrtdNotAllowedException");
		MeterRegistry registry = new SimpleMeterRegistry();
		metrics.bindTo(registry);
		metrics.verification("dcap", Duration.ofMillis(5), RaTlsConnectionObserver.ACCEPTED);
		metrics.cacheHit();
		assertThat(registry.get(TeeSqlConnectionMetrics.HANDSHAKE)
			.tags("outcome", "success", "exception", "none")
			.timer()
			.count()).isEqualTo(1);
		assertThat(registry.get(TeeSqlConnectionMetrics.VERIFICATION)
			.tags("verifier", "dcap", "outcome", "failure", "exception", "MrtdNotAllowedException")
			.timer()
			.count()).isEqualTo(1);
		assertThat(registry.get(TeeSqlConnectionMetrics.VERIFICATION)
			.tags("verifier", "dcap", "outcome", "success", "exception", "none")
			.timer()
			.count()).isEqualTo(1);
		assertThat(registry.get(TeeSqlConnectionMetrics.CACHE_HITS).counter().count()).isEqualTo(1);
	}

	@Test
	void outcomeIsOnlySuccessOrFailure() {
		TeeSqlConnectionMetrics metrics = new TeeSqlConnectionMetrics();
		MeterRegistry registry = new SimpleMeterRegistry();
		metrics.bindTo(registry);
		metrics.handshake(Duration.ofMillis(1), "SSLHandshakeException");
		metrics.verification("ita", Duration.ofMillis(1), "QuoteSignatureException");
		assertThat(registry.getMeters()).allSatisfy((meter) -> {
			String outcome = meter.getId().getTag("outcome");
			if (outcome != null) {
				assertThat(outcome).isIn("success", "failure");
				assertThat(meter.getId().getTag("exception")).isNotNull();
			}
		});
		assertThat(registry.get(TeeSqlConnectionMetrics.HANDSHAKE)
			.tags("outcome", "failure", "exception", "SSLHandshakeException")
			.timer()
			.count()).isEqualTo(1);
	}

}
