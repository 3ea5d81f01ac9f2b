package com.teesql.jdbc.errors;

/**
 * A connector was configured without anything that identifies the cluster it may trust: no app-id, no compose-hash
 * and no KMS root. Such a connector would accept any genuine TDX machine whose quote binds its own TLS key (any dstack
 * app, any TD) and send it the cluster secret, so it refuses to start. MRTD and RTMR allowlists do not count: they
 * identify an image, which anyone can deploy, not a deployment.
 */
public class IdentityNotPinnedException extends TeeSqlException {

	private static final long serialVersionUID = 1L;

	/** The properties of which at least one must be set; documented and searched for as written. */
	public static final String PINS = "teesql.attestation.allowed-app-id, teesql.attestation.allowed-compose-hash "
			+ "or teesql.attestation.kms-root-ca";

	/** The escape hatch for users who knowingly accept any identity. */
	public static final String ESCAPE_HATCH = "teesql.attestation.require-identity=false";

	private final boolean measurementsOnly;

	/**
	 * Create the refusal.
	 * @param target the {@code host:port} the connector was for
	 * @param measurementsOnly whether MRTD or RTMR allowlists are configured (they are not enough on their own)
	 */
	public IdentityNotPinnedException(String target, boolean measurementsOnly) {
		super("No identity pin for the TeeSQL cluster at " + target
				+ ": any genuine TDX machine would be trusted with the cluster secret. Set " + PINS
				+ (measurementsOnly ? " (allowed-mrtd and allowed-rtmr0..3 identify an image anyone can deploy, "
						+ "not your cluster)" : "")
				+ ", or " + ESCAPE_HATCH + " to accept any identity knowingly.");
		withTarget(target);
		this.measurementsOnly = measurementsOnly;
	}

	/**
	 * Whether MRTD or RTMR allowlists were configured without any identity pin.
	 * @return {@code true} if only measurements were pinned
	 */
	public boolean measurementsOnly() {
		return this.measurementsOnly;
	}

}
