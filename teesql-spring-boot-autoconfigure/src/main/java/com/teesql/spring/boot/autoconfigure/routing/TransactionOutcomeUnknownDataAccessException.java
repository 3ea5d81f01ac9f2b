package com.teesql.spring.boot.autoconfigure.routing;

import com.teesql.jdbc.routing.TransactionOutcomeUnknownException;

import org.springframework.dao.NonTransientDataAccessException;

/**
 * Spring's form of {@link TransactionOutcomeUnknownException}: the connection to the leader was lost during a
 * commit, so the transaction may or may not have been committed.
 * <p>
 * Non-transient on purpose: running the same transaction again is not safe until the application has checked
 * whether the first attempt committed (or the work is idempotent), so retry policies that retry
 * {@link org.springframework.dao.TransientDataAccessException} must not pick it up.
 *
 * @author teesql-spring-boot
 */
public class TransactionOutcomeUnknownDataAccessException extends NonTransientDataAccessException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message the message (task and cause)
	 * @param cause the JDBC exception, a {@link TransactionOutcomeUnknownException} or one that wraps it
	 */
	public TransactionOutcomeUnknownDataAccessException(String message, Throwable cause) {
		super(message, cause);
	}

}
