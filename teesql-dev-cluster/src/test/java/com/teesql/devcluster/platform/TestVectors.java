package com.teesql.devcluster.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the repository's test vectors (test-vectors/). Missing vectors fail the test rather than skip it.
 */
public final class TestVectors {

	private TestVectors() {
	}

	public static Path directory() {
		String configured = System.getProperty("teesql.vectors.dir");
		Path directory = (configured != null) ? Path.of(configured) : Path.of("../test-vectors");
		if (!Files.isDirectory(directory)) {
			throw new IllegalStateException("test vectors not found at " + directory.toAbsolutePath()
					+ " (set -Dteesql.vectors.dir)");
		}
		return directory;
	}

	public static byte[] read(String name) {
		try {
			return Files.readAllBytes(directory().resolve(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
