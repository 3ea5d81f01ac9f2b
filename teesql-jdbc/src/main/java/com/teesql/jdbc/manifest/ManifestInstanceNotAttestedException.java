package com.teesql.jdbc.manifest;

/**
 * The server reached through the manifest did not attest any dstack instance id, so it cannot be shown to be the
 * manifest's {@code leader_instance}: a legacy {@code 1.3.6.1.4.1.62397.1.1} certificate (a raw quote without runtime
 * events), a {@code 1.3.6.1.4.1.62397.1.8} certificate without an {@code instance-id} runtime event, or a certificate
 * accepted without attestation ({@code teesql.allow-simulator}). Any dstack CVM can obtain a genuine quote for its own
 * key in such a certificate, so in manifest mode the missing evidence is a refusal, never a skipped check.
 */
public class ManifestInstanceNotAttestedException extends ManifestException {

	private static final long serialVersionUID = 1L;

	/**
	 * A refusal naming the expected instance and what the server presented instead.
	 * @param leaderInstance the manifest's {@code leader_instance}
	 * @param presented what the server's certificate carried, for example "no instance-id runtime event"
	 */
	public ManifestInstanceNotAttestedException(String leaderInstance, String presented) {
		super("manifest names leader_instance " + leaderInstance + " but the server attested no instance-id ("
				+ presented + "): in manifest mode the leader must attest its instance — connection refused");
	}

}
