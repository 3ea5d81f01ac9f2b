package com.teesql.devcluster.platform;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import com.teesql.jdbc.attestation.dcap.TcbStatus;

/**
 * Switches that make dev DCAP collateral deviate from what Intel would publish for a healthy platform, one DCAP
 * check each, so tests can prove that a verifier notices. The genuine knobs yield collateral an unmodified verifier
 * grades {@code UpToDate} with no advisories.
 *
 * @param tcbStatus the status of the TCB level the platform matches
 * @param advisoryIds the advisory ids of that level (Intel spelling, e.g. {@code INTEL-SA-00837})
 * @param pckRevoked whether the PCK CRL lists the platform's PCK certificate
 * @param expired whether TCB info and QE identity are past their {@code nextUpdate}
 * @param crlsExpired whether the root CA CRL and the PCK CRL are past their {@code nextUpdate}
 * @param wrongQeIdentity whether the QE identity names another MRSIGNER than the platform's quoting enclave
 * @param signer who signs TCB info and QE identity
 * @param wrongPceId whether the TCB info names another PCE-ID than the PCK certificate
 */
public record CollateralKnobs(TcbStatus tcbStatus, List<String> advisoryIds, boolean pckRevoked, boolean expired,
		boolean crlsExpired, boolean wrongQeIdentity, CollateralSigner signer, boolean wrongPceId) {

	private static final Pattern ADVISORY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

	private static final CollateralKnobs GENUINE = new CollateralKnobs(TcbStatus.UP_TO_DATE, List.of(), false, false,
			false, false, CollateralSigner.TCB_SIGNING, false);

	public CollateralKnobs {
		Objects.requireNonNull(tcbStatus, "tcbStatus");
		Objects.requireNonNull(signer, "signer");
		advisoryIds = List.copyOf(Objects.requireNonNull(advisoryIds, "advisoryIds"));
		for (String id : advisoryIds) {
			if (!ADVISORY_ID.matcher(id).matches()) {
				throw new IllegalArgumentException("advisory id must be letters, digits and '-' (like INTEL-SA-00837)"
						+ " but was '" + id + "'");
			}
		}
	}

	/**
	 * The knobs of genuine collateral: {@code UpToDate}, nothing revoked, nothing expired, the real QE identity and
	 * PCE-ID, signed by the TCB signing certificate.
	 * @return the genuine knobs
	 */
	public static CollateralKnobs genuine() {
		return GENUINE;
	}

	/**
	 * A copy in which the platform's TCB level has another status.
	 * @param status the status, e.g. {@link TcbStatus#OUT_OF_DATE}
	 * @param advisories the level's advisory ids
	 * @return the copy
	 */
	public CollateralKnobs withTcbStatus(TcbStatus status, String... advisories) {
		return new CollateralKnobs(status, List.of(advisories), this.pckRevoked, this.expired, this.crlsExpired,
				this.wrongQeIdentity, this.signer, this.wrongPceId);
	}

	public CollateralKnobs withPckRevoked(boolean value) {
		return new CollateralKnobs(this.tcbStatus, this.advisoryIds, value, this.expired, this.crlsExpired,
				this.wrongQeIdentity, this.signer, this.wrongPceId);
	}

	public CollateralKnobs withExpired(boolean value) {
		return new CollateralKnobs(this.tcbStatus, this.advisoryIds, this.pckRevoked, value, this.crlsExpired,
				this.wrongQeIdentity, this.signer, this.wrongPceId);
	}

	public CollateralKnobs withCrlsExpired(boolean value) {
		return new CollateralKnobs(this.tcbStatus, this.advisoryIds, this.pckRevoked, this.expired, value,
				this.wrongQeIdentity, this.signer, this.wrongPceId);
	}

	public CollateralKnobs withWrongQeIdentity(boolean value) {
		return new CollateralKnobs(this.tcbStatus, this.advisoryIds, this.pckRevoked, this.expired, this.crlsExpired,
				value, this.signer, this.wrongPceId);
	}

	/**
	 * A copy whose TCB info and QE identity are signed by {@code value}.
	 * @param value the signer
	 * @return the copy
	 */
	public CollateralKnobs withSigner(CollateralSigner value) {
		return new CollateralKnobs(this.tcbStatus, this.advisoryIds, this.pckRevoked, this.expired, this.crlsExpired,
				this.wrongQeIdentity, value, this.wrongPceId);
	}

	public CollateralKnobs withWrongPceId(boolean value) {
		return new CollateralKnobs(this.tcbStatus, this.advisoryIds, this.pckRevoked, this.expired, this.crlsExpired,
				this.wrongQeIdentity, this.signer, value);
	}

}
