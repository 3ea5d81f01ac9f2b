package com.teesql.jdbc.attestation.ita;

import java.util.Objects;
import java.util.OptionalInt;

import com.teesql.jdbc.errors.AttestationException;

/**
 * Intel Trust Authority refused a quote, could not be reached, or answered with a token this client does not
 * accept. The {@link #reason()} is stable and meant for programmatic handling; the message names the failing check
 * and the offending value, and never contains the API key.
 */
public class IntelTrustAuthorityException extends AttestationException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	private final int httpStatus;

	public IntelTrustAuthorityException(Reason reason, String message) {
		this(reason, message, null);
	}

	public IntelTrustAuthorityException(Reason reason, String message, Throwable cause) {
		this(reason, -1, message, cause);
	}

	IntelTrustAuthorityException(Reason reason, int httpStatus, String message, Throwable cause) {
		super(message, cause);
		this.reason = Objects.requireNonNull(reason, "reason");
		this.httpStatus = httpStatus;
	}

	/**
	 * The failure class.
	 * @return the reason, never {@code null}
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * The HTTP status of the response that caused the failure, if the failure is an unsuccessful response.
	 * @return the status, or empty
	 */
	public OptionalInt httpStatus() {
		return (this.httpStatus >= 0) ? OptionalInt.of(this.httpStatus) : OptionalInt.empty();
	}

	/**
	 * Why Intel Trust Authority verification failed.
	 */
	public enum Reason {

		/** The attestation API could not be reached (connection refused, TLS or I/O failure). */
		API_UNREACHABLE,

		/** The attestation API did not answer within the request timeout. */
		API_TIMEOUT,

		/** The attestation API answered with a non-2xx status (see {@link #httpStatus()}). */
		API_ERROR,

		/** The attestation API answered 2xx without a usable {@code token}. */
		API_RESPONSE_INVALID,

		/** The configured JWKS could not be fetched or parsed in time. */
		JWKS_UNAVAILABLE,

		/** The token is not a signed JWT, or a required header or claim has the wrong type. */
		TOKEN_MALFORMED,

		/** The token's {@code alg} is not PS384 or RS256, or its key is not an RSA key. */
		TOKEN_ALGORITHM_REFUSED,

		/** The token names a JWKS ({@code jku}) other than the configured one. */
		TOKEN_JKU_REFUSED,

		/** The configured JWKS has no key with the token's {@code kid}, even after a refetch. */
		TOKEN_KEY_UNKNOWN,

		/** The token signature does not verify with the key named by its {@code kid}. */
		TOKEN_SIGNATURE_INVALID,

		/** The token has no {@code exp}, or {@code exp} is in the past beyond the allowed clock skew. */
		TOKEN_EXPIRED,

		/** The token's {@code nbf} is in the future beyond the allowed clock skew. */
		TOKEN_NOT_YET_VALID,

		/** The token's {@code iss} is missing or not one of the expected issuers. */
		TOKEN_ISSUER_REFUSED,

		/** A required TDX claim is missing from the token. */
		CLAIM_MISSING,

		/** A TDX claim has the wrong type or is not hex. */
		CLAIM_INVALID,

		/** The token's {@code tdx_report_data} is not the submitted quote's REPORTDATA. */
		REPORT_DATA_MISMATCH,

		/** The token's {@code tdx_mrtd} is not the submitted quote's MRTD. */
		MRTD_MISMATCH,

		/** The token's debug claims contradict the submitted quote's TDATTRIBUTES. */
		DEBUG_MISMATCH

	}

}
