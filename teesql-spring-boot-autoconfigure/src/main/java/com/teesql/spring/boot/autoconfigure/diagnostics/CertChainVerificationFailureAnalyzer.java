package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.errors.CertChainVerificationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link CertChainVerificationException}: the server's RA-TLS chain does not anchor to the pinned dstack
 * KMS root.
 *
 * @author teesql-spring-boot
 */
class CertChainVerificationFailureAnalyzer extends AbstractFailureAnalyzer<CertChainVerificationException> {


	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CertChainVerificationException cause) {
		String description = "Cert chain verification failed: the RA-TLS certificate chain of "
				+ ConnectionTarget.of(cause).describe()
				+ " does not anchor to the dstack KMS root pinned by teesql.attestation.kms-root-ca.\n"
				+ cause.getMessage();
		String action = """
				Either the cluster's KMS root rotated and teesql.attestation.kms-root-ca still holds the old one, or \
				you are talking to a CVM that is not the TeeSQL cluster you think it is.
				Refresh the KMS root certificate from the cluster operator and update \
				teesql.attestation.kms-root-ca before assuming the cluster is compromised; if the operator's root \
				is the one you pinned, stop and do not bypass the check.""";
		return new FailureAnalysis(description, action, cause);
	}

}
