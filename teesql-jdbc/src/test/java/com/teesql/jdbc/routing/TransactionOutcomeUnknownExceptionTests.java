package com.teesql.jdbc.routing;

import java.io.EOFException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unknown commit outcome is not a transient failure: generic retry policies must not run the transaction again.
 */
class TransactionOutcomeUnknownExceptionTests {

	@Test
	void isANonTransientConnectionExceptionWithSqlState08007() {
		SQLException lost = new SQLException("An I/O error occurred while sending to the backend.", "08006",
				new EOFException());
		TransactionOutcomeUnknownException unknown = new TransactionOutcomeUnknownException("db:5433 (epoch 3)", lost);
		assertThat((Throwable) unknown).isInstanceOf(SQLNonTransientConnectionException.class)
			.isNotInstanceOf(SQLTransientException.class)
			.isNotInstanceOf(SQLRecoverableException.class)
			.hasCause(lost)
			.hasMessageContaining("db:5433 (epoch 3)")
			.hasMessageContaining("outcome is unknown");
		assertThat(unknown.getSQLState()).isEqualTo(TransactionOutcomeUnknownException.SQL_STATE).isEqualTo("08007");
	}

}
