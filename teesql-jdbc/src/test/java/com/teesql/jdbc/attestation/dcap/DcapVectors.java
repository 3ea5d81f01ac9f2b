package com.teesql.jdbc.attestation.dcap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.testsupport.TestVectors;

/**
 * Access to the repository's test vectors (test-vectors/). Fails (never skips) when they are missing.
 */
final class DcapVectors {

	/** The {@code now} of dcap-qvl's own fixture test; the last second the fixture verifies. */
	static final long FIXTURE_NOW = 1752919234L;

	/** A time inside every validity window of the v5 collateral (2026-03-01T00:00:00Z). */
	static final long V5_NOW = 1772323200L;

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private DcapVectors() {
	}

	static Path dir() {
		return TestVectors.dir();
	}

	static byte[] bytes(String name) {
		try {
			return Files.readAllBytes(dir().resolve(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String text(String name) {
		return new String(bytes(name), StandardCharsets.UTF_8);
	}

	static JsonNode json(String name) {
		try {
			return MAPPER.readTree(bytes(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static byte[] v4Quote() {
		return bytes("tdx_quote_v4.bin");
	}

	static DcapCollateral v4Collateral() throws DcapVerificationException {
		return DcapCollateral.fromJson(text("tdx_quote_v4_collateral.json"));
	}

	static X509Certificate intelRoot() {
		try {
			return (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(bytes("intel_sgx_root_ca.der")));
		}
		catch (CertificateException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static DcapVerifier verifier() {
		return new DcapVerifier(intelRoot());
	}

}
