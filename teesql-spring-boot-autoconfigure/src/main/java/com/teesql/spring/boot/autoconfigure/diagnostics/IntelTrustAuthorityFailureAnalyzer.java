package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link IntelTrustAuthorityException}: Intel Trust Authority could not be used or refused the quote.
 *
 * @author teesql-spring-boot
 */
class IntelTrustAuthorityFailureAnalyzer extends AbstractFailureAnalyzer<IntelTrustAuthorityException> {


	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IntelTrustAuthorityException cause) {
		String status = cause.httpStatus().isPresent() ? ", HTTP status " + cause.httpStatus().getAsInt() : "";
		String description = "Intel Trust Authority did not verify the TDX quote of "
				+ ConnectionTarget.of(cause).describe() + " (" + cause.reason() + status + "): "
				+ cause.getMessage();
		return new FailureAnalysis(description, action(cause), cause);
	}

	private static String action(IntelTrustAuthorityException cause) {
		return switch (cause.reason()) {
			case API_UNREACHABLE, API_TIMEOUT -> "Check that teesql.attestation.intel-trust-authority.base-url is "
					+ "reachable from this host (proxy, firewall, DNS), or raise "
					+ "teesql.attestation.intel-trust-authority.timeout.";
			case API_ERROR -> {
				int status = cause.httpStatus().orElse(-1);
				yield (status == 401 || status == 403)
						? "Intel Trust Authority refused the API key: check INTEL_TRUST_AUTHORITY_API_KEY or "
								+ "teesql.attestation.intel-trust-authority.api-key at https://portal.trustauthority.intel.com."
						: "Check teesql.attestation.intel-trust-authority.base-url and Intel Trust Authority's "
								+ "service status; retry later if the service is failing.";
			}
			case JWKS_UNAVAILABLE, TOKEN_KEY_UNKNOWN, TOKEN_JKU_REFUSED -> "Check that "
					+ "teesql.attestation.intel-trust-authority.jwks-url is reachable and is Intel's token-signing "
					+ "key set.";
			default -> "The attestation token does not vouch for this server. Treat the server as untrusted and "
					+ "escalate to the cluster operator; do not switch teesql.attestation.verifier to none to get "
					+ "around it.";
		};
	}

}
