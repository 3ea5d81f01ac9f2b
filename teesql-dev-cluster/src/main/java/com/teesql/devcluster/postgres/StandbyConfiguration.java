package com.teesql.devcluster.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a copied data directory into a streaming standby and describes where it streams from. The upstream goes
 * into {@code postgresql.auto.conf} rather than onto the command line, because command-line settings would shadow
 * the {@code ALTER SYSTEM} that later re-points the standby to a new primary.
 */
final class StandbyConfiguration {

	private StandbyConfiguration() {
	}

	/** Settings this class owns; earlier values of them are dropped so that a node re-joined N times has one. */
	private static final List<String> OWNED_SETTINGS = List.of("primary_conninfo", "recovery_target_timeline");

	private static final String MARKER = "# written by the TeeSQL dev cluster";

	static void write(Path dataDirectory, String primaryHost, int primaryPort, String applicationName)
			throws IOException {
		Files.writeString(dataDirectory.resolve("standby.signal"), "", StandardCharsets.US_ASCII);
		Path autoConf = dataDirectory.resolve("postgresql.auto.conf");
		StringBuilder settings = new StringBuilder();
		for (String line : Files.readAllLines(autoConf, StandardCharsets.US_ASCII)) {
			if (!isOwned(line)) {
				settings.append(line).append('\n');
			}
		}
		settings.append("""
				%s
				primary_conninfo = %s
				recovery_target_timeline = 'latest'
				""".formatted(MARKER, quoteLiteral(conninfo(primaryHost, primaryPort, applicationName))));
		Files.writeString(autoConf, settings, StandardCharsets.US_ASCII);
	}

	private static boolean isOwned(String line) {
		String trimmed = line.strip();
		return trimmed.equals(MARKER) || OWNED_SETTINGS.stream()
			.anyMatch((name) -> trimmed.startsWith(name)
					&& trimmed.substring(name.length()).stripLeading().startsWith("="));
	}

	/**
	 * The libpq connection string a standby streams with. No password: the admin role replicates over loopback
	 * with trust authentication (see {@link HostBasedAuthenticationFile}).
	 */
	static String conninfo(String primaryHost, int primaryPort, String applicationName) {
		if (!primaryHost.matches("[A-Za-z0-9.:-]+") || !applicationName.matches("[A-Za-z0-9_-]+")) {
			throw new IllegalArgumentException("Unsupported host '" + primaryHost + "' or application name '"
					+ applicationName + "' for primary_conninfo");
		}
		return "host=" + primaryHost + " port=" + primaryPort + " user=" + HostBasedAuthenticationFile.ADMIN_USER
				+ " application_name=" + applicationName + " connect_timeout=5";
	}

	static String quoteLiteral(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

}
