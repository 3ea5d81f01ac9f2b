package com.teesql.jdbc.attestation;

/**
 * Object identifiers of the dstack RA-TLS certificate extensions (Phala private enterprise number 62397).
 * Shared by the client (which reads them) and the dev cluster (which writes them).
 */
public final class RaTlsOids {

	/** Legacy extension: the raw TDX quote. */
	public static final String TDX_QUOTE = "1.3.6.1.4.1.62397.1.1";

	/** Legacy extension: the TDX event log as a JSON array. */
	public static final String EVENT_LOG = "1.3.6.1.4.1.62397.1.2";

	/** Application id claimed by the KMS when it signs the CSR (an issuer claim, not attested). */
	public static final String APP_ID = "1.3.6.1.4.1.62397.1.3";

	/** Special usage string such as {@code app:custom}. */
	public static final String CERT_USAGE = "1.3.6.1.4.1.62397.1.4";

	/** Current extension: a {@code VersionedAttestation} (V0 SCALE or V1 msgpack). */
	public static final String ATTESTATION = "1.3.6.1.4.1.62397.1.8";

	/** Optional msgpack {@code AppInfo}. */
	public static final String APP_INFO = "1.3.6.1.4.1.62397.1.9";

	private RaTlsOids() {
	}

}
