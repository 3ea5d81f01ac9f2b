package com.teesql.devcluster.platform;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

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
 * @param evidence which attestation extension carries the quote (ignored without {@code raTlsExtension})
 * @param envelope the format, platform, stack and event versions of the {@code .1.8} envelope
 */
public record AttestationKnobs(boolean raTlsExtension, boolean bindOtherKey, boolean debug, byte[] mrTd,
		Evidence evidence, EnvelopeKnobs envelope) {

	private static final AttestationKnobs GENUINE = new AttestationKnobs(true, false, false, null,
			Evidence.VERSIONED_ATTESTATION, EnvelopeKnobs.dstackDefault());

	public AttestationKnobs {
		if (mrTd != null) {
			mrTd = Bytes.checkedCopy(mrTd, TdxQuoteLayout.MEASUREMENT_SIZE, "mrTd");
		}
		Objects.requireNonNull(evidence, "evidence");
		Objects.requireNonNull(envelope, "envelope");
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
		return new AttestationKnobs(value, this.bindOtherKey, this.debug, this.mrTd, this.evidence, this.envelope);
	}

	public AttestationKnobs withBindOtherKey(boolean value) {
		return new AttestationKnobs(this.raTlsExtension, value, this.debug, this.mrTd, this.evidence, this.envelope);
	}

	public AttestationKnobs withDebug(boolean value) {
		return new AttestationKnobs(this.raTlsExtension, this.bindOtherKey, value, this.mrTd, this.evidence, this.envelope);
	}

	public AttestationKnobs withMrTd(byte[] value) {
		return new AttestationKnobs(this.raTlsExtension, this.bindOtherKey, this.debug, value, this.evidence, this.envelope);
	}

	public AttestationKnobs withEvidence(Evidence value) {
		return new AttestationKnobs(this.raTlsExtension, this.bindOtherKey, this.debug, this.mrTd, value, this.envelope);
	}

	public AttestationKnobs withEnvelope(EnvelopeKnobs value) {
		return new AttestationKnobs(this.raTlsExtension, this.bindOtherKey, this.debug, this.mrTd, this.evidence, value);
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

	/**
	 * The runtime events the quoted TD extended into RTMR3: the TD's own, less the {@code instance-id} event for
	 * {@link Evidence#VERSIONED_ATTESTATION_WITHOUT_INSTANCE_ID}.
	 * @param td the quoted identity
	 * @return the events, in order
	 */
	public List<RuntimeEvent> runtimeEvents(TdIdentity td) {
		List<RuntimeEvent> events = td.runtimeEvents();
		if (this.evidence == Evidence.VERSIONED_ATTESTATION_WITHOUT_INSTANCE_ID) {
			events = events.stream().filter((event) -> !event.event().equals("instance-id")).toList();
		}
		return this.envelope.versioned(events);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AttestationKnobs that && this.raTlsExtension == that.raTlsExtension
				&& this.bindOtherKey == that.bindOtherKey && this.debug == that.debug
				&& Arrays.equals(this.mrTd, that.mrTd) && this.evidence == that.evidence
				&& this.envelope.equals(that.envelope);
	}

	@Override
	public int hashCode() {
		return 31 * (Arrays.hashCode(this.mrTd) * 8 + (this.raTlsExtension ? 4 : 0) + (this.bindOtherKey ? 2 : 0)
				+ (this.debug ? 1 : 0)) + this.evidence.ordinal() * 31 + this.envelope.hashCode();
	}

	@Override
	public String toString() {
		return "AttestationKnobs[raTlsExtension=" + this.raTlsExtension + ", bindOtherKey=" + this.bindOtherKey
				+ ", debug=" + this.debug + ", mrTd=" + ((this.mrTd != null) ? HexFormat.of().formatHex(this.mrTd) : "own")
				+ ", evidence=" + this.evidence + ", envelope=" + this.envelope + "]";
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

		public Builder evidence(Evidence value) {
			this.knobs = this.knobs.withEvidence(value);
			return this;
		}

		public Builder envelope(EnvelopeKnobs value) {
			this.knobs = this.knobs.withEnvelope(value);
			return this;
		}

		public AttestationKnobs build() {
			return this.knobs;
		}

	}

	/**
	 * The attestation extension of an RA-TLS certificate, as the dstack versions in the field issue them.
	 */
	public enum Evidence {

		/** {@code 1.3.6.1.4.1.62397.1.8}: a {@code VersionedAttestation} with every runtime event (dstack 0.5). */
		VERSIONED_ATTESTATION,

		/**
		 * {@code 1.3.6.1.4.1.62397.1.8} whose runtime events (and so the quoted RTMR3) have no {@code instance-id}
		 * event: genuine and consistent, but the instance is not attested.
		 */
		VERSIONED_ATTESTATION_WITHOUT_INSTANCE_ID,

		/**
		 * {@code 1.3.6.1.4.1.62397.1.1}: the raw quote alone (older dstack), without runtime events, so app-id,
		 * compose-hash and instance-id are not attested.
		 */
		LEGACY_QUOTE

	}

}
