package com.teesql.jdbc.attestation.dcap;

import java.util.Objects;

import com.teesql.jdbc.errors.AttestationException;

/**
 * Thrown when a TDX quote fails local DCAP verification. The {@link #reason()} is stable and meant for programmatic
 * handling; the message names the failing step and the offending value.
 */
public class DcapVerificationException extends AttestationException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	public DcapVerificationException(Reason reason, String message) {
		super(message);
		this.reason = Objects.requireNonNull(reason, "reason");
	}

	public DcapVerificationException(Reason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = Objects.requireNonNull(reason, "reason");
	}

	/**
	 * The failure class.
	 * @return the reason, never {@code null}
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why a quote was refused, roughly one value per verification step.
	 */
	public enum Reason {

		/** The quote is truncated or structurally invalid. */
		MALFORMED_QUOTE,

		/** The quote is well formed but of a kind this verifier does not accept (version, TEE, key type, vendor). */
		UNSUPPORTED_QUOTE,

		/** The collateral is missing a field, or a field does not decode or parse. */
		MALFORMED_COLLATERAL,

		/** A CRL is badly signed, has an unsupported critical extension, or its issuer may not sign CRLs. */
		CRL_INVALID,

		/** A CRL is past its {@code nextUpdate}. */
		CRL_EXPIRED,

		/** No CRL covers a certificate on a path, so its revocation status is unknown (denied). */
		REVOCATION_STATUS_UNKNOWN,

		/** A certificate on a path is listed in its issuer's CRL. */
		CERTIFICATE_REVOKED,

		/** A certificate chain does not lead to the pinned root, or fails PKIX validation at {@code now}. */
		CERTIFICATE_CHAIN_INVALID,

		/**
		 * The TCB info or QE identity is signed by a PCK certificate (it carries the Intel SGX extension): a
		 * platform key, not Intel's TCB signing key.
		 */
		TCB_SIGNER_IS_PCK_CERTIFICATE,

		/** The TCB info or QE identity signer chains to the pinned root, but through an intermediate. */
		TCB_SIGNER_NOT_ISSUED_BY_ROOT,

		/** The TCB info or QE identity signer is not named as Intel's TCB signing certificate. */
		TCB_SIGNER_SUBJECT_MISMATCH,

		/** The TCB info's {@code issueDate} is after {@code now}. */
		TCB_INFO_NOT_YET_VALID,

		/** The TCB info's {@code nextUpdate} is before {@code now}. */
		TCB_INFO_EXPIRED,

		/** The TCB info signature does not verify over the exact signed text. */
		TCB_INFO_SIGNATURE_INVALID,

		/** The TCB info is for another TEE or an unsupported version. */
		TCB_INFO_UNSUPPORTED,

		/** The QE identity's {@code issueDate} is after {@code now}. */
		QE_IDENTITY_NOT_YET_VALID,

		/** The QE identity's {@code nextUpdate} is before {@code now}. */
		QE_IDENTITY_EXPIRED,

		/** The QE identity signature does not verify over the exact signed text. */
		QE_IDENTITY_SIGNATURE_INVALID,

		/** The QE identity is for another enclave or an unsupported version. */
		QE_IDENTITY_UNSUPPORTED,

		/** The Intel SGX extension of the PCK certificate is missing or malformed. */
		PCK_EXTENSION_INVALID,

		/** The QE report is not signed by the PCK key. */
		QE_REPORT_SIGNATURE_INVALID,

		/** The QE report data does not bind the attestation key and QE auth data. */
		QE_REPORT_DATA_MISMATCH,

		/** The quoting enclave does not match the QE identity (signer, product, attributes, SVN). */
		QE_IDENTITY_MISMATCH,

		/** The quote body is not signed by the attestation key. */
		QUOTE_SIGNATURE_INVALID,

		/** The PCK certificate's FMSPC differs from the TCB info's. */
		FMSPC_MISMATCH,

		/** The PCK certificate's PCE-ID differs from the TCB info's {@code pceId}. */
		PCE_ID_MISMATCH,

		/** No platform TCB level of the TCB info is met by the PCK and TEE TCB SVNs. */
		NO_MATCHING_TCB_LEVEL,

		/** The TDX module (MRSIGNERSEAM, SEAMATTRIBUTES, module SVN) does not match the TCB info. */
		TDX_MODULE_MISMATCH,

		/** The merged TCB status is {@code Revoked}. */
		TCB_REVOKED

	}

}
