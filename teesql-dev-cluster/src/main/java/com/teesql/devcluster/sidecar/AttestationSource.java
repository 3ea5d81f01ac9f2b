package com.teesql.devcluster.sidecar;

import java.util.Map;

/**
 * Where the sidecar's {@code /attestation} endpoint gets the identity of the confidential VM and fresh quotes from:
 * the dstack guest agent in production, the simulated platform in the dev cluster.
 *
 * @author TeeSQL contributors
 */
public interface AttestationSource {

	/**
	 * The dstack application id.
	 * @return lowercase hex
	 */
	String appId();

	/**
	 * SHA-256 of the normalized app-compose file.
	 * @return lowercase hex
	 */
	String composeHash();

	/**
	 * The dstack instance id.
	 * @return the instance id
	 */
	String instanceId();

	/**
	 * The TD measurements: keys {@code mrtd}, {@code rtmr0} ... {@code rtmr3}, each 96 hex characters.
	 * @return the measurements
	 */
	Map<String, String> tcbInfo();

	/**
	 * Produces a fresh TDX quote whose REPORTDATA is the given value.
	 * @param reportData exactly 64 bytes
	 * @return the raw quote
	 * @throws Exception if no quote can be produced; the endpoint answers 500
	 */
	byte[] quote(byte[] reportData) throws Exception;

}
