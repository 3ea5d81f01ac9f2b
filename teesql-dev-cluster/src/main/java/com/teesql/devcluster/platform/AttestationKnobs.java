package com.teesql.devcluster.platform;

import java.util.Arrays;
import java.util.HexFormat;

import com.teesql.jdbc.attestation.TdxQuoteLayout;

/**
 * Switches that make issued RA-TLS certificates deviate from a genuine dstack certificate in exactly one respect
 * each, so tests can prove that a verifier notices.
 *
 * @param raTlsExtension whether the certificate carries the attestation extension ({@code false} = a plain
 * certificate, as a dstack simulator without attestation would hand out)
 * @param bindOtherKey whether the quote's REPORTDATA binds a different, freshly generated key instead of the leaf's
 * @param debug whether the quoted TD has its debug attribute set
 * @param mrTd an MRTD to quote instead of the TD's own, or {@code null}
 */
public record AttestationKnobs(boolean raTlsExtension, boolean bindOtherKey, boolean debug, byte[] mrTd) {

	private static final AttestationKnobs GENUINE = new AttestationKnobs(true, false, false, null);

	public AttestationKnobs {
		if (mrTd != null) {
			mrTd = Bytes.checkedCopy(mrTd, TdxQuoteLayout.MEASUREMENT_SIZE, "mrTd");
		}
	}

	/**
	 * The knobs of a genuine certificate: extension present, bound to the leaf key, not debug, the TD's own MRTD.
	 * @return the genuine knobs
	 */
	public static AttestationKnobs genuine() {
		return GENUINE;
	}

	/**
	 * A builder starting from {@link #genuine()}.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder(GENUINE);
	}

	@Override
	public byte[] mrTd() {
		return (this.mrTd != null) ? this.mrTd.clone() : null;
	}

	public AttestationKnobs withRaTlsExtension(boolean value) {
		return new AttestationKnobs(value, this.bindOtherKey, this.debug, this.mrTd);
	}

	public AttestationKnobs withBindOtherKey(boolean value) {
		return new AttestationKnobs(this.raTlsExtension, value, this.debug, this.mrTd);
	}

	public AttestationKnobs withDebug(boolean value) {
		return new AttestationKnobs(this.raTlsExtension, this.bindOtherKey, value, this.mrTd);
	}

	public AttestationKnobs withMrTd(byte[] value) {
		return new AttestationKnobs(this.raTlsExtension, this.bindOtherKey, this.debug, value);
	}

	/**
	 * Applies the TD-level knobs (debug, MRTD) to an identity.
	 * @param td the TD's real identity
	 * @return the identity to quote
	 */
	public TdIdentity applyTo(TdIdentity td) {
		TdIdentity result = td.withDebug(this.debug);
		return (this.mrTd != null) ? result.withMrTd(this.mrTd) : result;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AttestationKnobs that && this.raTlsExtension == that.raTlsExtension
				&& this.bindOtherKey == that.bindOtherKey && this.debug == that.debug
				&& Arrays.equals(this.mrTd, that.mrTd);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.mrTd) * 8 + (this.raTlsExtension ? 4 : 0) + (this.bindOtherKey ? 2 : 0)
				+ (this.debug ? 1 : 0);
	}

	@Override
	public String toString() {
		return "AttestationKnobs[raTlsExtension=" + this.raTlsExtension + ", bindOtherKey=" + this.bindOtherKey
				+ ", debug=" + this.debug + ", mrTd=" + ((this.mrTd != null) ? HexFormat.of().formatHex(this.mrTd) : "own")
				+ "]";
	}

	/**
	 * Builds {@link AttestationKnobs}.
	 */
	public static final class Builder {

		private AttestationKnobs knobs;

		private Builder(AttestationKnobs start) {
			this.knobs = start;
		}

		public Builder raTlsExtension(boolean value) {
			this.knobs = this.knobs.withRaTlsExtension(value);
			return this;
		}

		public Builder bindOtherKey(boolean value) {
			this.knobs = this.knobs.withBindOtherKey(value);
			return this;
		}

		public Builder debug(boolean value) {
			this.knobs = this.knobs.withDebug(value);
			return this;
		}

		public Builder mrTd(byte[] value) {
			this.knobs = this.knobs.withMrTd(value);
			return this;
		}

		public AttestationKnobs build() {
			return this.knobs;
		}

	}

}
