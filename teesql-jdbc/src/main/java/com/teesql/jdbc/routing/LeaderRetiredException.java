package com.teesql.jdbc.routing;

import java.sql.SQLTransientConnectionException;

/**
 * A connection was asked of a former leader's pool after a newer manifest replaced that leader (or while the borrow
 * was waiting). Nothing was sent to the former leader, so a retry on the current leader is safe: the routing DataSource
 * does it once, like for a leader found unreachable. SQLState {@code 08001} (unable to establish the connection).
 */
public class LeaderRetiredException extends SQLTransientConnectionException {

	private static final long serialVersionUID = 1L;

	/** SQLState for "unable to establish the connection". */
	public static final String SQL_STATE = "08001";

	public LeaderRetiredException(String leader, Throwable cause) {
		super("The TeeSQL leader " + leader + " was replaced by a newer manifest; no connection to it is handed out. "
				+ "Retry on the current leader.", SQL_STATE, cause);
	}

}
