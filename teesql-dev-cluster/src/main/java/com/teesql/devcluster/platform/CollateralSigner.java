package com.teesql.devcluster.platform;

/**
 * Who signs the dev TCB info and QE identity. Only {@link #TCB_SIGNING} is what Intel does; every other value is a
 * key that chains to the same root, which a verifier must still refuse as the signer.
 */
public enum CollateralSigner {

	/** The TCB signing certificate, issued directly by the root: genuine collateral. */
	TCB_SIGNING,

	/**
	 * The platform's own PCK leaf key, with the PCK chain as issuer chain: what an attacker who extracted one
	 * platform's PCK key could sign.
	 */
	PCK_LEAF,

	/** A certificate named like the TCB signing certificate but issued by the PCK Platform CA, an intermediate. */
	ISSUED_BY_PLATFORM_CA,

	/** Another end-entity certificate issued directly by the root, not named as the TCB signing certificate. */
	OTHER_CERTIFICATE_OF_THE_ROOT

}
