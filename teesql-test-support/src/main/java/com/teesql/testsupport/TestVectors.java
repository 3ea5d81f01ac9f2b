package com.teesql.testsupport;

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
 * Access to the repository's test vectors ({@code test-vectors/}, passed by the build as
 * {@code -Dteesql.vectors.dir}). Fails (never skips) when they are missing.
 */
public final class TestVectors {

	/**
	 * The dstack app-id attested (in runtime events replaying to RTMR3) by {@code versioned_attestation_v0.bin} and by
	 * the derived {@code .1.8} certificates that carry it: the identity pin of connectors that accept them.
	 */
	public static final String APP_ID = "5bb4ff9a3837357f19dc176407a5709c62eb6c56";

	private TestVectors() {
	}

	/**
	 * The vectors' directory.
	 * @return the directory
	 * @throws IllegalStateException if it does not exist
	 */
	public static Path dir() {
		String property = System.getProperty("teesql.vectors.dir");
		Path dir = (property != null) ? Path.of(property) : Path.of("..", "test-vectors");
		if (!Files.isDirectory(dir)) {
			throw new IllegalStateException("test vectors not found at " + dir.toAbsolutePath()
					+ " (set -Dteesql.vectors.dir)");
		}
		return dir;
	}

	/**
	 * One vector file.
	 * @param name its path below the vectors' directory
	 * @return the path
	 */
	public static Path path(String name) {
		return dir().resolve(name);
	}

	/**
	 * The bytes of one vector file.
	 * @param name its path below the vectors' directory
	 * @return the bytes
	 */
	public static byte[] bytes(String name) {
		try {
			return Files.readAllBytes(path(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One vector file as an X.509 certificate (PEM or DER).
	 * @param name its path below the vectors' directory
	 * @return the certificate
	 */
	public static X509Certificate certificate(String name) {
		try {
			return (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(bytes(name)));
		}
		catch (CertificateException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One vector file as a JSON tree.
	 * @param name its path below the vectors' directory
	 * @return the tree
	 */
	public static JsonNode json(String name) {
		try {
			return new ObjectMapper().readTree(bytes(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
