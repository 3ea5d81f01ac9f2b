package com.teesql.devcluster.postgres;

import java.util.List;

/**
 * The PostgreSQL roles a TeeSQL cluster provisions for clients (protocol.md 5.5).
 *
 * @author TeeSQL contributors
 */
public final class ClusterRoles {

	/** Read-only role: {@code SELECT} on tables in {@code public}. */
	public static final String READ = "teesql_read";

	/** Read-write role: DML plus {@code CREATE} in {@code public}. */
	public static final String READ_WRITE = "teesql_readwrite";

	/** Both documented roles, read-only first. */
	public static final List<String> ALL = List.of(READ, READ_WRITE);

	private ClusterRoles() {
	}

}
