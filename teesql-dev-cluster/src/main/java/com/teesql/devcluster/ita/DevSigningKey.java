package com.teesql.devcluster.ita;

import java.security.SecureRandom;
import java.util.HexFormat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * A fresh RSA-3072 token signing key with a random key id, as Intel Trust Authority uses.
 */
final class DevSigningKey {

	private static final int KEY_SIZE = 3072;

	private DevSigningKey() {
	}

	/**
	 * Generate a key.
	 * @param random the randomness source
	 * @param kid the key id, or {@code null} for a random one
	 * @return the private JWK (use {@link RSAKey#toPublicJWK()} to publish it)
	 */
	static RSAKey generate(SecureRandom random, String kid) {
		byte[] id = new byte[8];
		random.nextBytes(id);
		try {
			return new RSAKeyGenerator(KEY_SIZE).keyID((kid != null) ? kid : "dev-ita-" + HexFormat.of().formatHex(id))
				.keyUse(KeyUse.SIGNATURE)
				.secureRandom(random)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("RSA key generation is required by every Java platform", ex);
		}
	}

}
