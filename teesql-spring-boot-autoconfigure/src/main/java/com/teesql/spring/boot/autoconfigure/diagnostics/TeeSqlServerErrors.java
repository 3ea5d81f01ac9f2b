package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.sql.SQLException;

import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Finds errors the TeeSQL sidecar reported over the PostgreSQL protocol. pgjdbc turns them into plain
 * {@link SQLException}s, so they are recognised by SQLState and text, and only when the application's DataSource is a
 * TeeSQL one (the same SQLState from an ordinary PostgreSQL means something else).
 *
 * @author teesql-spring-boot
 */
final class TeeSqlServerErrors {

	private TeeSqlServerErrors() {
	}

	/**
	 * The first {@link SQLException} in the cause chain with the given SQLState whose message contains the text.
	 * @param failure the startup failure
	 * @param sqlState the SQLState to match
	 * @param text text the message must contain
	 * @return the exception or {@code null}
	 */
	static SQLException find(Throwable failure, String sqlState, String text) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (candidate instanceof SQLException sql && sqlState.equals(sql.getSQLState())
					&& String.valueOf(sql.getMessage()).contains(text)) {
				return sql;
			}
			candidate = (candidate.getCause() != candidate) ? candidate.getCause() : null;
		}
		return null;
	}

	/**
	 * Whether the failed application defines TeeSQL connection details, so that its DataSource talks to a sidecar.
	 * Looks at bean definitions only; nothing is instantiated.
	 * @param beanFactory the failed context's bean factory, may be {@code null}
	 * @return whether TeeSQL connection details are defined
	 */
	static boolean isTeeSqlApplication(BeanFactory beanFactory) {
		return beanFactory instanceof ListableBeanFactory listable
				&& listable.getBeanNamesForType(TeeSqlConnectionDetails.class, true, false).length > 0;
	}

}
