package com.teesql.spring.boot.autoconfigure.routing;

import java.sql.SQLTransientException;
import java.util.concurrent.atomic.AtomicInteger;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.DevNode;
import com.teesql.jdbc.routing.TransactionOutcomeUnknownException;
import com.teesql.spring.boot.autoconfigure.support.RunningManifestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@code @Transactional} method whose commit is cut off by a real failover of a dev cluster (the leader's
 * PostgreSQL stops while the transaction is open) is not run again by Spring's {@code @Retryable} configured to retry
 * transient failures: the outcome is unknown, so a retry could apply the transaction twice.
 */
class TransactionOutcomeUnknownRetryTests {

	@RegisterExtension
	static final RunningManifestCluster manifest = new RunningManifestCluster(3, "retry.teesql.test");

	private ApplicationContextRunner runner() {
		return manifest.jdbcRunner()
			.withUserConfiguration(RetryingWrites.class)
			.withPropertyValues("spring.datasource.hikari.maximum-pool-size=2",
					"spring.datasource.hikari.connection-timeout=5000");
	}

	@Test
	void jdbcTransactionManagerReportsTheUnknownOutcomeAsNonTransientAndItIsNotRetried() {
		runner().run((context) -> {
			assertThat(context.getBean(PlatformTransactionManager.class)).isInstanceOf(JdbcTransactionManager.class);
			Orders orders = context.getBean(Orders.class);
			orders.createTable();
			assertRetryPolicyRetriesTransientFailures(orders, 101);

			assertThatExceptionOfType(TransactionOutcomeUnknownDataAccessException.class)
				.isThrownBy(() -> orders.placeLosingTheCommit(1))
				.withMessageContaining("outcome is unknown")
				.satisfies((ex) -> assertThat(ex).hasCauseInstanceOf(TransactionOutcomeUnknownException.class))
				.satisfies(TransactionOutcomeUnknownRetryTests::assertNothingTransientIn);
			assertThat(orders.attempts()).as("attempts of the transaction whose commit was lost").isEqualTo(1);
		});
	}

	@Test
	void dataSourceTransactionManagerReportsTheUnknownOutcomeWithoutATransientCauseAndItIsNotRetried() {
		runner().withPropertyValues("spring.dao.exceptiontranslation.enabled=false").run((context) -> {
			assertThat(context.getBean(PlatformTransactionManager.class))
				.isNotInstanceOf(JdbcTransactionManager.class);
			Orders orders = context.getBean(Orders.class);
			orders.createTable();
			assertRetryPolicyRetriesTransientFailures(orders, 102);

			assertThatExceptionOfType(TransactionSystemException.class).isThrownBy(() -> orders.placeLosingTheCommit(2))
				.satisfies((ex) -> assertThat(ex).hasCauseInstanceOf(TransactionOutcomeUnknownException.class))
				.satisfies(TransactionOutcomeUnknownRetryTests::assertNothingTransientIn);
			assertThat(orders.attempts()).as("attempts of the transaction whose commit was lost").isEqualTo(1);
		});
	}

	// Without this the tests above could pass with a retry policy that retries nothing.
	private static void assertRetryPolicyRetriesTransientFailures(Orders orders, long id) {
		orders.placeFailingTransientlyOnce(id);
		assertThat(orders.attempts()).as("attempts of a transaction that failed transiently once").isEqualTo(2);
		orders.resetAttempts();
	}

	// Spring's retry policy matches included types anywhere in the cause chain.
	private static void assertNothingTransientIn(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			assertThat(cause).as("cause %s", cause.getClass().getName())
				.isNotInstanceOf(TransientDataAccessException.class)
				.isNotInstanceOf(SQLTransientException.class);
		}
	}

	private static DevManifestCluster cluster() {
		return manifest.cluster();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableResilientMethods
	static class RetryingWrites {

		@Bean
		Writer writer(JdbcTemplate jdbc) {
			return new Writer(jdbc);
		}

		@Bean
		Orders orders(Writer writer, JdbcTemplate jdbc) {
			return new Orders(writer, jdbc);
		}

	}

	/**
	 * The application's retry boundary: retries what Spring calls transient, as a generic policy would.
	 */
	static class Orders {

		private final Writer writer;

		private final JdbcTemplate jdbc;

		Orders(Writer writer, JdbcTemplate jdbc) {
			this.writer = writer;
			this.jdbc = jdbc;
		}

		public void createTable() {
			this.jdbc.execute("CREATE TABLE IF NOT EXISTS retried_orders (id bigint PRIMARY KEY)");
		}

		@Retryable(includes = { TransientDataAccessException.class, SQLTransientException.class }, maxRetries = 2,
				delay = 0)
		public void placeLosingTheCommit(long id) {
			this.writer.insertThenFailOverOnFirstAttempt(id);
		}

		@Retryable(includes = { TransientDataAccessException.class, SQLTransientException.class }, maxRetries = 2,
				delay = 0)
		public void placeFailingTransientlyOnce(long id) {
			this.writer.insertFailingTransientlyOnFirstAttempt(id);
		}

		public int attempts() {
			return this.writer.attempts();
		}

		public void resetAttempts() {
			this.writer.resetAttempts();
		}

	}

	/**
	 * The transactional work.
	 */
	static class Writer {

		private final JdbcTemplate jdbc;

		private final AtomicInteger attempts = new AtomicInteger();

		Writer(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		public int attempts() {
			return this.attempts.get();
		}

		public void resetAttempts() {
			this.attempts.set(0);
		}

		@Transactional
		public void insertThenFailOverOnFirstAttempt(long id) {
			int attempt = this.attempts.incrementAndGet();
			this.jdbc.update("INSERT INTO retried_orders (id) VALUES (?)", id);
			if (attempt == 1) {
				// The leader stops with this transaction open: the commit that follows loses its connection.
				DevNode promoted = cluster().failover();
				assertThat(promoted).isNotNull();
			}
		}

		@Transactional
		public void insertFailingTransientlyOnFirstAttempt(long id) {
			int attempt = this.attempts.incrementAndGet();
			this.jdbc.update("INSERT INTO retried_orders (id) VALUES (?)", id);
			if (attempt == 1) {
				throw new TransientDataAccessResourceException("simulated transient failure");
			}
		}

	}

}
