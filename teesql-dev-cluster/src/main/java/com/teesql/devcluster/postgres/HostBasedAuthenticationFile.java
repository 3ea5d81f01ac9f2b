package com.teesql.devcluster.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the {@code pg_hba.conf} of the embedded server: the admin role is trusted on loopback (it never leaves the
 * test JVM), every other role must prove its password with SCRAM-SHA-256, exactly what the sidecar's credential
 * injection has to get right. Streaming standbys replicate as the admin role over loopback, which that role may do
 * anyway.
 */
final class HostBasedAuthenticationFile {

	static final String ADMIN_USER = "postgres";

	private HostBasedAuthenticationFile() {
	}

	static String content() {
		return """
				# TYPE  DATABASE  USER      ADDRESS        METHOD
				local   all       %1$s                     trust
				host    all       %1$s      127.0.0.1/32   trust
				host    all       %1$s      ::1/128        trust
				host    replication %1$s    127.0.0.1/32   trust
				local   all       all                      scram-sha-256
				host    all       all       127.0.0.1/32   scram-sha-256
				host    all       all       ::1/128        scram-sha-256
				""".formatted(ADMIN_USER);
	}

	/**
	 * Writes the file into a fresh temporary file. The path ends up in a {@code pg_ctl -o} string that pg_ctl hands to
	 * a shell, so it must not contain characters a shell would split or expand ({@code +} is allowed: macOS per-user
	 * temporary directories under {@code /var/folders} may contain it, and a shell leaves it alone).
	 */
	static Path write() throws IOException {
		Path file = Files.createTempFile("teesql-dev-pg-hba-", ".conf");
		if (!file.toString().matches("[A-Za-z0-9._/+-]+")) {
			Files.deleteIfExists(file);
			throw new DevPostgresException("The temporary directory '" + file.getParent()
					+ "' contains characters pg_ctl cannot pass on; set java.io.tmpdir to a plain path");
		}
		Files.writeString(file, content(), StandardCharsets.US_ASCII);
		try {
			// Readable by the unprivileged user the embedded server runs as (unshare -U maps root to nobody).
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		}
		catch (UnsupportedOperationException ex) {
			// Non-POSIX file systems keep their defaults.
		}
		return file;
	}

}
