package com.teesql.jdbc.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Access to the repository's test vectors (test-vectors/). Fails (never skips) when they are missing.
 */
public final class TestVectors {

	/**
	 * The dstack app-id attested (in runtime events replaying to RTMR3) by {@code versioned_attestation_v0.bin} and by
	 * the derived {@code .1.8} certificates that carry it: the identity pin of connectors that accept them.
	 */
	public static final String APP_ID = "5bb4ff9a3837357f19dc176407a5709c62eb6c56";

	private TestVectors() {
	}

	public static Path dir() {
		String property = System.getProperty("teesql.vectors.dir");
		Path dir = (property != null) ? Path.of(property) : Path.of("../test-vectors");
		if (!Files.isDirectory(dir)) {
			throw new IllegalStateException("test vectors not found at " + dir.toAbsolutePath()
					+ " (set -Dteesql.vectors.dir)");
		}
		return dir;
	}

	public static byte[] bytes(String name) {
		try {
			return Files.readAllBytes(dir().resolve(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static X509Certificate certificate(String name) {
		try {
			return (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(bytes(name)));
		}
		catch (CertificateException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static JsonNode json(String name) {
		try {
			return new ObjectMapper().readTree(bytes(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
