package com.teesql.jdbc.attestation.ita;

import com.nimbusds.jose.jwk.JWK;

/**
 * Finds a token signing key by its key id.
 */
@FunctionalInterface
interface JwkLookup {

	/**
	 * Find the key.
	 * @param kid the token's key id
	 * @return the key
	 * @throws IntelTrustAuthorityException {@code TOKEN_KEY_UNKNOWN} if there is no such key, or
	 * {@code JWKS_UNAVAILABLE} if the keys cannot be obtained
	 */
	JWK find(String kid) throws IntelTrustAuthorityException;

}
