package com.teesql.jdbc.dstack;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key and its certificate chain (leaf first) issued by the dstack guest agent.
 *
 * @param privateKey the private key (never printed)
 * @param chain the certificate chain, leaf first, never empty
 */
public record TlsKey(PrivateKey privateKey, List<X509Certificate> chain) {

	public TlsKey {
		chain = List.copyOf(chain);
		if (chain.isEmpty()) {
			throw new IllegalArgumentException("certificate chain must not be empty");
		}
	}

	/**
	 * The leaf certificate.
	 * @return the first certificate of the chain
	 */
	public X509Certificate leaf() {
		return this.chain.get(0);
	}

	@Override
	public String toString() {
		return "TlsKey[privateKey=<hidden " + this.privateKey.getAlgorithm() + " key>, leaf="
				+ leaf().getSubjectX500Principal().getName() + ", chainLength=" + this.chain.size() + "]";
	}

}
