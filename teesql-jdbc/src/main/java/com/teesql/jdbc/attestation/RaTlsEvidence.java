package com.teesql.jdbc.attestation;

import java.util.Optional;

/**
 * The attestation evidence found in an RA-TLS certificate.
 *
 * @param source which extension it came from
 * @param quote the parsed TDX quote
 * @param attestation the full dstack envelope when the evidence came from the {@code .1.8} extension
 */
public record RaTlsEvidence(Source source, TdxQuote quote, Optional<VersionedAttestation> attestation) {

	/**
	 * The envelope format, for display.
	 * @return {@code V0}, {@code V1}, or {@code legacy} for the raw-quote extension
	 */
	public String formatName() {
		return this.attestation.map((a) -> a.format().name()).orElse("legacy");
	}

	/**
	 * The platform, for display.
	 * @return the platform kind; {@code tdx} for the legacy raw-quote extension
	 */
	public String platformName() {
		return this.attestation.map((a) -> a.platform().kind()).orElse(AttestationPlatform.TDX.kind());
	}

	/**
	 * The certificate extension the evidence was read from.
	 */
	public enum Source {

		/** {@code 1.3.6.1.4.1.62397.1.8}: dstack {@code VersionedAttestation} V0 (SCALE). */
		ATTESTATION_V0(RaTlsOids.ATTESTATION),

		/** {@code 1.3.6.1.4.1.62397.1.8}: dstack {@code VersionedAttestation} V1 (msgpack). */
		ATTESTATION_V1(RaTlsOids.ATTESTATION),

		/** {@code 1.3.6.1.4.1.62397.1.1}: legacy raw quote. */
		LEGACY_QUOTE(RaTlsOids.TDX_QUOTE);

		private final String oid;

		Source(String oid) {
			this.oid = oid;
		}

		/**
		 * The extension's object identifier.
		 * @return the dotted OID
		 */
		public String oid() {
			return this.oid;
		}

	}

}
