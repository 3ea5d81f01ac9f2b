package com.teesql.devcluster.platform;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Parses concatenated PEM certificates in tests.
 */
public final class DevCertificatesPem {

	private DevCertificatesPem() {
	}

	public static List<X509Certificate> parse(String pem) throws Exception {
		return CertificateFactory.getInstance("X.509")
			.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
			.stream()
			.map(X509Certificate.class::cast)
			.toList();
	}

}
