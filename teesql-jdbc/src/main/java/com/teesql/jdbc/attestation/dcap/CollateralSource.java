package com.teesql.jdbc.attestation.dcap;

import com.teesql.jdbc.errors.AttestationException;

/**
 * Supplies the DCAP collateral (TCB info, QE identity, CRLs and their issuer chains) for a platform. Implementations
 * must return within a bounded time and must not judge the collateral: {@link DcapVerifier} checks signatures and
 * validity windows.
 *
 * @see PcsCollateralClient
 * @see CachingCollateralSource
 * @see OfflineCollateralSource
 */
@FunctionalInterface
public interface CollateralSource {

	/**
	 * Obtain the collateral for a platform.
	 * @param key the platform's FMSPC and PCK CA
	 * @return the collateral
	 * @throws AttestationException if the collateral cannot be obtained (typically
	 * {@link CollateralUnavailableException})
	 */
	DcapCollateral collateral(CollateralKey key) throws AttestationException;

}
