package com.teesql.devcluster.postgres;

/**
 * A snapshot of the server state that the sidecar's {@code /attestation} endpoint reports and binds into the quote's
 * REPORTDATA (protocol.md 3.2 and 8).
 *
 * @param walLsn the current WAL location as PostgreSQL prints it, e.g. {@code 0/16B3748} (the replay location on a
 * standby)
 * @param controldataHash lowercase hex SHA-256 of the text of {@code pg_control_system()} and
 * {@code pg_control_checkpoint()}
 * @param pgVersion {@code SHOW server_version}
 * @author TeeSQL contributors
 */
public record PostgresState(String walLsn, String controldataHash, String pgVersion) {

}
