package com.teesql.devcluster.platform;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * A private key and its certificate chain (leaf first), as the guest agent's {@code GetTlsKey} returns them.
 *
 * @param privateKey the leaf's private key
 * @param chain the leaf certificate followed by its issuers
 */
public record IssuedKey(PrivateKey privateKey, List<X509Certificate> chain) {

	public IssuedKey {
		if (privateKey == null || chain == null || chain.isEmpty()) {
			throw new IllegalArgumentException("an issued key needs a private key and a non-empty chain");
		}
		chain = List.copyOf(chain);
	}

	/**
	 * The leaf certificate.
	 * @return the first certificate of the chain
	 */
	public X509Certificate leaf() {
		return this.chain.get(0);
	}

	/**
	 * The private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}).
	 * @return the PEM text
	 */
	public String privateKeyPem() {
		try {
			PemObjectGenerator generator = new JcaPKCS8Generator(this.privateKey, null);
			return DevCertificates.pem(List.of(generator.generate()));
		}
		catch (PemGenerationException ex) {
			throw new IllegalStateException("Could not encode the private key as PKCS#8", ex);
		}
	}

	/**
	 * Each certificate of the chain as its own PEM block, leaf first.
	 * @return the PEM texts
	 */
	public List<String> chainPem() {
		return this.chain.stream().map((certificate) -> DevCertificates.pem(List.of(certificate))).toList();
	}

	@Override
	public String toString() {
		return "IssuedKey[leaf=" + leaf().getSubjectX500Principal() + ", chainLength=" + this.chain.size()
				+ ", privateKey=<hidden>]";
	}

}
