package com.teesql.spring.boot.autoconfigure.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Writes a certificate as the PEM file a {@code teesql.attestation.*} resource property points at.
 */
public final class PemFiles {

	private PemFiles() {
	}

	/**
	 * @param file where to write
	 * @param certificate the certificate
	 * @return {@code file}
	 * @throws IOException if the file cannot be written
	 * @throws CertificateEncodingException if the certificate cannot be encoded
	 */
	public static Path write(Path file, X509Certificate certificate) throws IOException, CertificateEncodingException {
		String pem = "-----BEGIN CERTIFICATE-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(certificate.getEncoded())
				+ "\n-----END CERTIFICATE-----\n";
		return Files.writeString(file, pem, StandardCharsets.US_ASCII);
	}

}
