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
	 * The certificate extension the evidence was read from.
	 */
	public enum Source {

		/** {@code 1.3.6.1.4.1.62397.1.8}: dstack {@code VersionedAttestation} V0. */
		ATTESTATION_V0(RaTlsOids.ATTESTATION),

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
