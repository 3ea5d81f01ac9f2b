package com.teesql.jdbc.routing;

import java.sql.SQLTransientConnectionException;

/**
 * The connection to the leader was lost while a commit was in flight: the transaction may or may not have been
 * committed. Nothing is replayed behind the application's back; it must check (or make the work idempotent) before
 * retrying. SQLState {@code 08007} (transaction resolution unknown).
 */
public class TransactionOutcomeUnknownException extends SQLTransientConnectionException {

	private static final long serialVersionUID = 1L;

	/** SQLState for "transaction resolution unknown". */
	public static final String SQL_STATE = "08007";

	public TransactionOutcomeUnknownException(String leader, Throwable cause) {
		super("The connection to the TeeSQL leader " + leader + " was lost during commit: the transaction outcome is "
				+ "unknown (it may or may not have been committed). Nothing was retried; check before repeating it.",
				SQL_STATE, cause);
	}

}
