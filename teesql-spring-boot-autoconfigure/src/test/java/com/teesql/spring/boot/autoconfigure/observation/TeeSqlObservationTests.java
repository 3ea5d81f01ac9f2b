package com.teesql.spring.boot.autoconfigure.observation;

import java.sql.Connection;

import javax.sql.DataSource;

import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.devcluster.TeeSqlDevClusterAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observations of real RA-TLS handshakes and verifications against the dev cluster, and of real manifest refreshes
 * of a replicated one, recorded in a {@link TestObservationRegistry} registered as the application's registry.
 */
class TeeSqlObservationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TeeSqlObservationAutoConfiguration.class,
				TeeSqlDevClusterAutoConfiguration.class, TeeSqlAutoConfiguration.class,
				DataSourceAutoConfiguration.class))
		.withBean(ObservationRegistry.class, TestObservationRegistry::create)
		.withPropertyValues("teesql.dev-cluster.enabled=true", "spring.datasource.hikari.minimum-idle=0");

	@Test
	void handshakeAndVerificationAreObservedWithTheirLowCardinalityKeys() {
		this.runner.run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			// Two connections at once (Hikari may add its own): two handshakes or more, the later certificates answered from
			// the cache.
			try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
				assertThat(first.isValid(5)).isTrue();
				assertThat(second.isValid(5)).isTrue();
			}
			TestObservationRegistry registry = (TestObservationRegistry) context.getBean(ObservationRegistry.class);
			assertThat(registry).forAllObservationsWithNameEqualTo(TeeSqlObservations.HANDSHAKE,
					(observation) -> observation.hasLowCardinalityKeyValue("outcome", "success")
						.hasLowCardinalityKeyValue("exception", "none")
						.hasHighCardinalityKeyValue("server.address", "127.0.0.1"));
			assertThat(registry).hasObservationWithNameEqualTo(TeeSqlObservations.HANDSHAKE)
				.that()
				.hasBeenStarted()
				.hasBeenStopped();
			assertThat(registry).doesNotHaveAnyRemainingCurrentObservation();
			assertThat(registry).forAllObservationsWithNameEqualTo(TeeSqlObservations.VERIFICATION,
					(observation) -> observation.hasLowCardinalityKeyValue("verifier", "dcap")
						.hasLowCardinalityKeyValue("format", "attestation-v0")
						.hasLowCardinalityKeyValue("outcome", "success"));
			assertThat(registry).hasAnObservation((observation) -> observation
				.hasNameEqualTo(TeeSqlObservations.VERIFICATION)
				.hasLowCardinalityKeyValue("cache", "miss"));
			assertThat(registry).hasAnObservation((observation) -> observation
				.hasNameEqualTo(TeeSqlObservations.VERIFICATION)
				.hasLowCardinalityKeyValue("cache", "hit"));
		});
	}

	@Test
	void aRefusedVerificationIsObservedAsAFailureNamingTheException() {
		this.runner.withPropertyValues("teesql.attestation.allowed-mrtd=" + "00".repeat(48)).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			try (Connection connection = dataSource.getConnection()) {
				throw new AssertionError("connected to a server with another MRTD");
			}
			catch (java.sql.SQLException expected) {
				// refused through the real RA-TLS path
			}
			TestObservationRegistry registry = (TestObservationRegistry) context.getBean(ObservationRegistry.class);
			assertThat(registry).hasAnObservation((observation) -> observation
				.hasNameEqualTo(TeeSqlObservations.VERIFICATION)
				.hasLowCardinalityKeyValue("outcome", "failure")
				.hasLowCardinalityKeyValue("exception", "MrtdNotAllowedException")
				.hasLowCardinalityKeyValue("cache", "miss"));
		});
	}

	@Test
	void manifestRefreshesOfAReplicatedDevClusterAreObserved() {
		this.runner.withPropertyValues("teesql.dev-cluster.nodes=2").run((context) -> {
			assertThat(context).hasNotFailed();
			TestObservationRegistry registry = (TestObservationRegistry) context.getBean(ObservationRegistry.class);
			assertThat(registry).hasObservationWithNameEqualTo(TeeSqlObservations.MANIFEST_REFRESH)
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("record", "_teesql-leader.dev.teesql.test")
				.hasLowCardinalityKeyValue("outcome", "success");
		});
	}

}
