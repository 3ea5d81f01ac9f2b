package com.teesql.spring.boot.autoconfigure.routing;

import java.sql.SQLException;

import com.teesql.jdbc.routing.TransactionOutcomeUnknownException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Translates {@link TransactionOutcomeUnknownException} (wherever it sits in the exception's causes or chained
 * exceptions) to {@link TransactionOutcomeUnknownDataAccessException}; everything else goes to the translator it
 * wraps, unchanged.
 *
 * @author teesql-spring-boot
 */
public final class TeeSqlExceptionTranslator implements SQLExceptionTranslator {

	private final SQLExceptionTranslator delegate;

	/**
	 * Wrap a translator.
	 * @param delegate the translator for every other exception
	 */
	public TeeSqlExceptionTranslator(SQLExceptionTranslator delegate) {
		this.delegate = delegate;
	}

	/**
	 * Wrap a translator unless it already is one of these.
	 * @param translator the translator in use
	 * @return a translator that recognizes an unknown transaction outcome
	 */
	public static SQLExceptionTranslator wrap(SQLExceptionTranslator translator) {
		return (translator instanceof TeeSqlExceptionTranslator) ? translator : new TeeSqlExceptionTranslator(translator);
	}

	@Override
	public @Nullable DataAccessException translate(String task, @Nullable String sql, SQLException ex) {
		TransactionOutcomeUnknownException unknown = outcomeUnknown(ex);
		if (unknown != null) {
			return new TransactionOutcomeUnknownDataAccessException(task + "; " + unknown.getMessage(), ex);
		}
		return this.delegate.translate(task, sql, ex);
	}

	private static @Nullable TransactionOutcomeUnknownException outcomeUnknown(SQLException ex) {
		for (SQLException next = ex; next != null; next = next.getNextException()) {
			for (Throwable cause = next; cause != null; cause = cause.getCause()) {
				if (cause instanceof TransactionOutcomeUnknownException unknown) {
					return unknown;
				}
				if (cause.getCause() == cause) {
					break;
				}
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return "TeeSqlExceptionTranslator[" + this.delegate + "]";
	}

}
