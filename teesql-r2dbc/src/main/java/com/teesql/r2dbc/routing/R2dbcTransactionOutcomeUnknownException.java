package com.teesql.r2dbc.routing;

import io.r2dbc.spi.R2dbcNonTransientResourceException;

/**
 * The connection to the leader was lost while a commit was in flight: the transaction may or may not have been
 * committed (the former leader may have applied it before it stepped down). The same rule as the JDBC path's
 * {@code TransactionOutcomeUnknownException}: the application must check, not blindly retry a non-idempotent write.
 * SQLSTATE {@value #SQL_STATE} (transaction resolution unknown).
 */
public class R2dbcTransactionOutcomeUnknownException extends R2dbcNonTransientResourceException {

	/** SQLSTATE 08007: transaction resolution unknown. */
	public static final String SQL_STATE = "08007";

	private static final long serialVersionUID = 1L;

	/**
	 * Creates a new exception.
	 * @param leader the leader the transaction ran on, for the message
	 * @param cause the connection failure reported by the commit
	 */
	public R2dbcTransactionOutcomeUnknownException(String leader, Throwable cause) {
		super("Connection to TeeSQL leader " + leader + " was lost during COMMIT: the transaction's outcome is "
				+ "unknown (it may have been committed before a failover). Check before retrying a non-idempotent "
				+ "write.", SQL_STATE, 0, (String) null, cause);
	}

}
