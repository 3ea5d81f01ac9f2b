package com.teesql.spring.boot.autoconfigure.routing;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.teesql.jdbc.routing.TransactionOutcomeUnknownException;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How an unknown commit outcome is translated by Spring: never to a transient exception, and by the starter to
 * {@link TransactionOutcomeUnknownDataAccessException} in Boot's {@code JdbcTemplate} and transaction manager.
 */
class TeeSqlExceptionTranslatorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class))
		.withBean(DataSource.class, SimpleDriverDataSource::new);

	private static TransactionOutcomeUnknownException unknown() {
		return new TransactionOutcomeUnknownException("db.example.com:5433 (epoch 7)",
				new SQLException("An I/O error occurred while sending to the backend.", "08006"));
	}

	// What a JdbcTemplate or transaction manager that the starter does not reach (for example one created with new)
	// does: Spring's defaults give a non-transient exception.
	@Test
	void springsOwnTranslatorsDoNotCallItTransient() {
		for (SQLExceptionTranslator translator : new SQLExceptionTranslator[] { new SQLExceptionSubclassTranslator(),
				new SQLStateSQLExceptionTranslator() }) {
			DataAccessException translated = translator.translate("JDBC commit", null, unknown());
			assertThat(translated).as(translator.getClass().getSimpleName())
				.isInstanceOf(NonTransientDataAccessException.class)
				.isNotInstanceOf(TransientDataAccessException.class);
		}
	}

	@Test
	void bootsJdbcTemplateAndTransactionManagerReportTheDedicatedException() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			JdbcTransactionManager transactions = (JdbcTransactionManager) context
				.getBean(PlatformTransactionManager.class);
			NamedParameterJdbcTemplate named = context.getBean(NamedParameterJdbcTemplate.class);
			for (SQLExceptionTranslator translator : new SQLExceptionTranslator[] { jdbc.getExceptionTranslator(),
					transactions.getExceptionTranslator(), named.getJdbcTemplate().getExceptionTranslator() }) {
				assertThat(translator).isInstanceOf(TeeSqlExceptionTranslator.class);
				TransactionOutcomeUnknownException unknown = unknown();
				assertThat(translator.translate("JDBC commit", null, unknown))
					.isInstanceOf(TransactionOutcomeUnknownDataAccessException.class)
					.isInstanceOf(NonTransientDataAccessException.class)
					.hasCause(unknown)
					.hasMessageStartingWith("JDBC commit; ")
					.hasMessageContaining("outcome is unknown");
				// Everything else is translated as before.
				assertThat(translator.translate("insert", "INSERT", new SQLException("duplicate key", "23505")))
					.isInstanceOf(DuplicateKeyException.class);
			}
		});
	}

	@Test
	void anUnknownOutcomeWrappedInAnotherExceptionIsFound() {
		TeeSqlExceptionTranslator translator = new TeeSqlExceptionTranslator(new SQLExceptionSubclassTranslator());
		SQLException wrapping = new SQLException("driver wrapper", "08000", unknown());
		assertThat(translator.translate("JDBC commit", null, wrapping))
			.isInstanceOf(TransactionOutcomeUnknownDataAccessException.class);
		BatchUpdateException batch = new BatchUpdateException("batch failed", "08000", new int[0]);
		batch.setNextException(unknown());
		assertThat(translator.translate("batch", null, batch))
			.isInstanceOf(TransactionOutcomeUnknownDataAccessException.class);
	}

	@Test
	void aTranslatorTheApplicationDefinesIsKeptForEverythingElse() {
		SQLExceptionTranslator own = (task, sql, ex) -> new DuplicateKeyException("own translation");
		this.runner.withBean(SQLExceptionTranslator.class, () -> own).run((context) -> {
			SQLExceptionTranslator translator = context.getBean(JdbcTemplate.class).getExceptionTranslator();
			assertThat(translator.translate("commit", null, unknown()))
				.isInstanceOf(TransactionOutcomeUnknownDataAccessException.class);
			assertThat(translator.translate("q", null, new SQLException("x", "42000")))
				.hasMessage("own translation");
		});
	}

}
