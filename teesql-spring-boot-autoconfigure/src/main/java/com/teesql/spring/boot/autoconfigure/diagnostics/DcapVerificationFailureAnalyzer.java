package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.attestation.dcap.DcapVerificationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link DcapVerificationException}: the server's TDX quote failed local Intel DCAP verification.
 *
 * @author teesql-spring-boot
 */
class DcapVerificationFailureAnalyzer extends AbstractFailureAnalyzer<DcapVerificationException> {


	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DcapVerificationException cause) {
		String description = "The TDX quote of " + ConnectionTarget.of(cause).describe()
				+ " failed DCAP verification (" + cause.reason() + "): " + cause.getMessage();
		return new FailureAnalysis(description, action(cause.reason()), cause);
	}

	private static String action(DcapVerificationException.Reason reason) {
		return switch (reason) {
			case CERTIFICATE_REVOKED, TCB_REVOKED -> "Intel has revoked this platform's attestation key or TCB. "
					+ "Escalate to the cluster operator, who must move the cluster to a healthy host; do not work "
					+ "around it from the client.";
			case CRL_EXPIRED, TCB_INFO_EXPIRED, QE_IDENTITY_EXPIRED, TCB_INFO_NOT_YET_VALID,
					QE_IDENTITY_NOT_YET_VALID ->
				"The collateral from teesql.attestation.dcap.pccs-url (or teesql.attestation.dcap.collateral-dir) is "
						+ "outside its validity period. Check that the PCCS refreshes its cache from Intel (or "
						+ "refresh the offline collateral files) and that this host's clock is correct.";
			case CERTIFICATE_CHAIN_INVALID, QUOTE_SIGNATURE_INVALID, QE_REPORT_SIGNATURE_INVALID,
					QE_REPORT_DATA_MISMATCH, QE_IDENTITY_MISMATCH, TCB_INFO_SIGNATURE_INVALID,
					QE_IDENTITY_SIGNATURE_INVALID, TDX_MODULE_MISMATCH, FMSPC_MISMATCH ->
				"The quote is not vouched for by a genuine, current Intel platform. If you set "
						+ "teesql.attestation.dcap.root-ca (test platforms only), check that it is the right root; "
						+ "otherwise treat the server as untrusted and escalate to the cluster operator. Do not "
						+ "bypass the check.";
			case TCB_SIGNER_IS_PCK_CERTIFICATE, TCB_SIGNER_NOT_ISSUED_BY_ROOT, TCB_SIGNER_SUBJECT_MISMATCH,
					PCE_ID_MISMATCH ->
				"The DCAP collateral from teesql.attestation.dcap.pccs-url (or teesql.attestation.dcap.collateral-dir) "
						+ "was not issued by Intel for this platform: TCB info and QE identity must be signed by "
						+ "Intel's TCB signing certificate, issued directly by the root, and name the platform's "
						+ "PCE. Treat that collateral source as compromised and escalate to the cluster operator. If "
						+ "you set teesql.attestation.dcap.root-ca (test platforms only), that PKI must sign them with "
						+ "a certificate issued directly by its root and named 'Intel SGX TCB Signing'. Do not bypass "
						+ "the check.";
			default -> "Escalate to the cluster operator with the reason above; do not switch "
					+ "teesql.attestation.verifier to none to get around it.";
		};
	}

}
