package com.teesql.spring.boot.autoconfigure.observation;

import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer Observations of the RA-TLS handshake, peer verification and manifest refresh, recorded in the
 * application's {@link ObservationRegistry} (Boot's, with tracing when a tracing bridge is present).
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(before = TeeSqlAutoConfiguration.class)
@ConditionalOnClass(ObservationRegistry.class)
public final class TeeSqlObservationAutoConfiguration {

	// The registry is looked up when an operation starts, not here: Boot's may be defined after this bean, and
	// without one the no-op registry records nothing.
	@Bean
	@ConditionalOnMissingBean
	TeeSqlObservations teesqlObservations(ObjectProvider<ObservationRegistry> registry) {
		return new TeeSqlObservations(() -> registry.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

}
