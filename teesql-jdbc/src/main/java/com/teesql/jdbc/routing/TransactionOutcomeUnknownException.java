package com.teesql.jdbc.routing;

import java.sql.SQLNonTransientConnectionException;

/**
 * The connection to the leader was lost while a commit was in flight: the transaction may or may not have been
 * committed. Nothing is replayed behind the application's back; it must check (or make the work idempotent) before
 * retrying. SQLState {@code 08007} (transaction resolution unknown).
 * <p>
 * Deliberately a {@link SQLNonTransientConnectionException}: a transient exception invites generic retry policies
 * (Spring's {@code @Retryable}, Spring Retry, Resilience4j configured for transient failures) to run the transaction
 * again, which may apply it twice. Spring's translators map this type to a non-transient exception.
 */
public class TransactionOutcomeUnknownException extends SQLNonTransientConnectionException {

	private static final long serialVersionUID = 1L;

	/** SQLState for "transaction resolution unknown". */
	public static final String SQL_STATE = "08007";

	public TransactionOutcomeUnknownException(String leader, Throwable cause) {
		super("The connection to the TeeSQL leader " + leader + " was lost during commit: the transaction outcome is "
				+ "unknown (it may or may not have been committed). Nothing was retried; check before repeating it.",
				SQL_STATE, cause);
	}

}
