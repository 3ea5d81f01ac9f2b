package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityApiKeyMissingException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link IntelTrustAuthorityApiKeyMissingException}: Intel Trust Authority verification was chosen
 * without an API key.
 *
 * @author teesql-spring-boot
 */
class IntelTrustAuthorityApiKeyMissingFailureAnalyzer
		extends AbstractFailureAnalyzer<IntelTrustAuthorityApiKeyMissingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IntelTrustAuthorityApiKeyMissingException cause) {
		String description = "Intel Trust Authority API key required. teesql.attestation.verifier is "
				+ "intel-trust-authority, but neither teesql.attestation.intel-trust-authority.api-key nor the "
				+ "INTEL_TRUST_AUTHORITY_API_KEY environment variable is set.";
		String action = """
				Set the INTEL_TRUST_AUTHORITY_API_KEY environment variable, or \
				teesql.attestation.intel-trust-authority.api-key from a secret store (keep the key out of source \
				control). The service is free: register at https://portal.trustauthority.intel.com.
				Alternatively verify quotes locally with teesql.attestation.verifier=dcap (the default).""";
		return new FailureAnalysis(description, action, cause);
	}

}
