package com.teesql.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * The repository's test vectors the benchmarks measure: the real Intel-signed TDX quote, its collateral and a derived
 * RA-TLS certificate. They are read from the directory named by the {@value #DIRECTORY_PROPERTY} system property,
 * or from {@value #DEFAULT_DIRECTORY} relative to the working directory (the repository root). A missing file is
 * an error: a benchmark of nothing would report a meaningless figure.
 */
final class BenchmarkVectors {

	/** System property naming the vectors directory (the same one the test suites use). */
	static final String DIRECTORY_PROPERTY = "teesql.vectors.dir";

	/** Where the vectors sit relative to the repository root when the property is absent. */
	static final String DEFAULT_DIRECTORY = "test-vectors";

	/** The real TDX quote (version 4). */
	static final String QUOTE = "tdx_quote_v4.bin";

	/** The quote's DCAP collateral in dcap-qvl's JSON shape. */
	static final String COLLATERAL = "tdx_quote_v4_collateral.json";

	/** An RA-TLS certificate whose quote is bound to its key (the quote's signature itself does not verify). */
	static final String BOUND_CERTIFICATE = "derived/cert_oid18_v0_bound_patched_quote.der";

	/**
	 * The verification time of {@code tdx_quote_v4_expected.json}: the last second at which the collateral is valid
	 * and the quote verifies as {@code UpToDate}.
	 */
	static final long NOW_EPOCH_SECONDS = 1752919234L;

	/** The TCB status the fixture verifies to at {@link #NOW_EPOCH_SECONDS}. */
	static final String EXPECTED_TCB_STATUS = "UpToDate";

	private BenchmarkVectors() {
	}

	/**
	 * The vectors directory.
	 * @return the directory
	 * @throws IllegalStateException naming the directory and the property if it does not exist
	 */
	static Path directory() {
		String configured = System.getProperty(DIRECTORY_PROPERTY);
		Path directory = Path.of((configured != null) ? configured : DEFAULT_DIRECTORY).toAbsolutePath().normalize();
		if (!Files.isDirectory(directory)) {
			throw new IllegalStateException("Test vectors directory " + directory + " does not exist; pass -D"
					+ DIRECTORY_PROPERTY + "=<path to test-vectors> or run from the repository root");
		}
		return directory;
	}

	/**
	 * Read a vector file completely.
	 * @param name the file's path relative to the vectors directory
	 * @return its bytes
	 * @throws UncheckedIOException naming the file if it cannot be read
	 */
	static byte[] read(String name) {
		Path file = directory().resolve(name);
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Test vector " + file + " cannot be read", ex);
		}
	}

	/**
	 * Read a DER certificate from the vectors.
	 * @param name the file's path relative to the vectors directory
	 * @return the certificate
	 * @throws IllegalStateException naming the file if it is not an X.509 certificate
	 */
	static X509Certificate certificate(String name) {
		try (InputStream in = Files.newInputStream(directory().resolve(name))) {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Test vector " + name + " cannot be read", ex);
		}
		catch (CertificateException ex) {
			throw new IllegalStateException("Test vector " + name + " is not an X.509 certificate", ex);
		}
	}

}
