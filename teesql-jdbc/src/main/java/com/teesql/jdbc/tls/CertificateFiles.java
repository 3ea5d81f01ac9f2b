package com.teesql.jdbc.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * Reads a DER or PEM X.509 certificate from a file (a pinned KMS root, a DCAP trust anchor).
 */
public final class CertificateFiles {

	private CertificateFiles() {
	}

	/**
	 * Read a certificate.
	 * @param file the DER or PEM file
	 * @return the certificate
	 * @throws IOException if the file cannot be read or holds no X.509 certificate
	 */
	public static X509Certificate read(Path file) throws IOException {
		try {
			return (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
		}
		catch (CertificateException ex) {
			throw new IOException("not a DER or PEM X.509 certificate: " + file, ex);
		}
	}

}
