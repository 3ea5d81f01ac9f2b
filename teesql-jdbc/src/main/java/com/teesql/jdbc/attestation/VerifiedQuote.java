package com.teesql.jdbc.attestation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a quote verification.
 *
 * @param tcbStatus the platform TCB status as Intel names it, for example {@code UpToDate}, or {@code Unverified}
 * @param advisoryIds Intel security advisories that apply to the platform, sorted
 * @param verifierName the verifier that produced it ({@code dcap}, {@code ita}, {@code none})
 * @param validUntil until when the evidence behind this outcome stays valid (earliest collateral {@code nextUpdate},
 * token expiry); empty when nothing bounds it. A verification cache never keeps the outcome beyond it.
 */
public record VerifiedQuote(String tcbStatus, List<String> advisoryIds, String verifierName,
		Optional<Instant> validUntil) {

	public VerifiedQuote {
		advisoryIds = List.copyOf(advisoryIds);
	}

	/**
	 * An outcome without advisories or expiry.
	 * @param tcbStatus the status
	 * @param verifierName the verifier
	 */
	public VerifiedQuote(String tcbStatus, String verifierName) {
		this(tcbStatus, List.of(), verifierName, Optional.empty());
	}

}
