package com.teesql.devcluster.postgres;

import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Server settings shared by every node of a {@link PostgresReplicationSet}: the same on primary and standbys, so
 * that any standby can be promoted as it is. They reach PostgreSQL as {@code -c} options, which shadow
 * {@code postgresql.auto.conf}; the per-node upstream therefore is not among them.
 */
final class ReplicationServerSettings {

	private ReplicationServerSettings() {
	}

	static EmbeddedPostgres.Builder apply(EmbeddedPostgres.Builder builder, Path hbaFile) {
		return builder.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("hba_file", hbaFile.toString())
			.setServerConfig("fsync", "off")
			.setServerConfig("password_encryption", "scram-sha-256")
			.setServerConfig("max_connections", "60")
			// A commit the client saw must be in the WAL a clean shutdown hands to the standbys.
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("wal_level", "replica")
			.setServerConfig("max_wal_senders", "10")
			// No slots (they would not survive a promotion); keeping some WAL covers a standby that lags briefly.
			.setServerConfig("wal_keep_size", "64MB")
			.setServerConfig("hot_standby", "on")
			.setServerConfig("hot_standby_feedback", "on")
			// Re-pointed standbys reconnect and report their position quickly (defaults: 5 s and 10 s).
			.setServerConfig("wal_retrieve_retry_interval", "200ms")
			.setServerConfig("wal_receiver_status_interval", "1s");
	}

}
