package com.teesql.devcluster.ita;

/**
 * Which key {@link DevTrustAuthority} signs its tokens with.
 */
public enum TokenSigningKey {

	/** The current key, published in the JWKS (the genuine behaviour). */
	PUBLISHED,

	/** A key with its own key id that is not in the JWKS. */
	UNPUBLISHED,

	/** A different key that claims the published key's id, so the signature does not verify. */
	IMPOSTOR

}
