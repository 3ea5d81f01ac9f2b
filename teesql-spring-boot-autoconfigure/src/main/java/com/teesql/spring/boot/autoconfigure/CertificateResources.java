package com.teesql.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import org.springframework.core.io.Resource;

/**
 * Reads an X.509 certificate (PEM or DER) named by a property.
 *
 * @author teesql-spring-boot
 */
final class CertificateResources {

	private CertificateResources() {
	}

	static X509Certificate load(Resource resource, String property) {
		try (InputStream in = resource.getInputStream()) {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
		catch (IOException | CertificateException ex) {
			throw new IllegalArgumentException(
					property + " (" + resource.getDescription() + ") is not a readable PEM or DER X.509 certificate: "
							+ ex.getMessage(), ex);
		}
	}

}
