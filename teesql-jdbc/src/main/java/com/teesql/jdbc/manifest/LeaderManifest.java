package com.teesql.jdbc.manifest;

import java.util.Locale;

/**
 * A leader manifest whose signature, signer, version, freshness, cluster and epoch have been checked by a
 * {@link ManifestVerifier}.
 *
 * @param cluster the cluster contract address, {@code 0x} + 40 lowercase hex
 * @param epoch the leader epoch (never lower than one accepted before by the same verifier)
 * @param leaderInstance the leader's dstack instance id, lowercase hex
 * @param leaderUrl the leader URL, verbatim
 * @param version the manifest version ({@code "1"})
 * @param validUntil expiry, unix seconds
 * @param signature {@code 0x} + 130 hex
 * @param recoveredSigner the address recovered from the signature, {@code 0x} + 40 lowercase hex
 */
public record LeaderManifest(String cluster, long epoch, String leaderInstance, String leaderUrl, String version,
		long validUntil, String signature, String recoveredSigner) {

	/**
	 * Where to dial the leader.
	 * @return the target
	 * @throws InvalidLeaderUrlException never for a manifest produced by {@link ManifestVerifier}, which checks the URL
	 */
	public LeaderTarget target() throws InvalidLeaderUrlException {
		return LeaderTarget.fromLeaderUrl(this.leaderUrl);
	}

	/**
	 * Whether this manifest names another leader than {@code other}: a different URL or a different epoch.
	 * @param other the previous manifest, may be {@code null}
	 * @return {@code true} when the leader changed
	 */
	public boolean leaderDiffersFrom(LeaderManifest other) {
		return other == null || other.epoch != this.epoch || !other.leaderUrl.equals(this.leaderUrl);
	}

	/**
	 * The hook that binds the manifest to the attested server: the instance id from the server's attestation (the
	 * {@code instance-id} runtime event) must be the manifest's {@code leader_instance}. The official clients never
	 * do this, so a manifest signed for one instance could otherwise route to any attested TeeSQL node.
	 * <p>
	 * Missing evidence is never a pass: a server that attests no instance id (legacy certificate, no
	 * {@code instance-id} runtime event, simulator mode) is refused.
	 * @param attestedInstanceId the attested instance id (hex, optional {@code 0x}), or {@code null} when the server
	 * attested none
	 * @throws ManifestInstanceNotAttestedException when nothing was attested
	 * @throws ManifestLeaderInstanceMismatchException when they differ
	 */
	public void checkLeaderInstance(String attestedInstanceId) throws ManifestException {
		checkLeaderInstance(this.leaderInstance, attestedInstanceId);
	}

	/**
	 * {@link #checkLeaderInstance(String)} for a {@code leader_instance} taken from a manifest.
	 * @param leaderInstance the manifest's {@code leader_instance}, lowercase hex
	 * @param attestedInstanceId the attested instance id (hex, optional {@code 0x}), or {@code null}
	 * @throws ManifestInstanceNotAttestedException when nothing was attested
	 * @throws ManifestLeaderInstanceMismatchException when they differ
	 */
	public static void checkLeaderInstance(String leaderInstance, String attestedInstanceId)
			throws ManifestException {
		if (attestedInstanceId == null || attestedInstanceId.isBlank()) {
			throw new ManifestInstanceNotAttestedException(leaderInstance, "no instance-id runtime event");
		}
		String attested = attestedInstanceId.trim().toLowerCase(Locale.ROOT);
		if (attested.startsWith("0x")) {
			attested = attested.substring(2);
		}
		if (!attested.equals(leaderInstance)) {
			throw new ManifestLeaderInstanceMismatchException("manifest names leader_instance " + leaderInstance
					+ " but the server attested instance-id " + ManifestParser.shorten(attested));
		}
	}

}
