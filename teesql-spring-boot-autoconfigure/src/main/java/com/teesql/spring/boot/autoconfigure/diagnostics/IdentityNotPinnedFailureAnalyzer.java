package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.errors.IdentityNotPinnedException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains an {@link IdentityNotPinnedException}: nothing in the configuration says which deployment may be trusted,
 * so the connector refused to start. The action says where the values come from: the operator, or
 * {@code teesql-cli pin} confirmed with the operator.
 *
 * @author teesql-spring-boot
 */
class IdentityNotPinnedFailureAnalyzer extends AbstractFailureAnalyzer<IdentityNotPinnedException> {

	private final Environment environment;

	IdentityNotPinnedFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IdentityNotPinnedException cause) {
		String description = "No identity pin for the TeeSQL cluster at " + cause.target()
				+ ": teesql.attestation.allowed-app-id, teesql.attestation.allowed-compose-hash and "
				+ "teesql.attestation.kms-root-ca are all empty, so any genuine TDX machine (any dstack app, on any "
				+ "host) would be accepted and sent the cluster secret."
				+ (cause.measurementsOnly() ? " The configured allowed-mrtd/allowed-rtmr values identify a CVM "
						+ "image, which anyone can deploy, not your cluster." : "");
		// Without an environment (an analyzer loaded on its own) the command falls back to the read-only role.
		String role = (this.environment != null) ? ConnectionTarget.configured(this.environment).role() : null;
		String url = "postgresql://" + ((role != null) ? role : "teesql_read") + "@" + cause.target();
		String action = """
				Pin the cluster's identity with at least one of:
				  teesql.attestation.allowed-app-id        the dstack app id of the database deployment (40 hex)
				  teesql.attestation.allowed-compose-hash  the hash of its app-compose file (64 hex)
				  teesql.attestation.kms-root-ca           the dstack KMS root certificate of the cluster (PEM)
				Get the values from the cluster's operator, or run
				  teesql-cli pin --url %s
				which attests the cluster exactly as this application does (no secret needed) and prints the \
				application.yml block that pins what it saw. Confirm every value with the operator before using it: \
				the command trusts whatever answers at that address.
				Only if you knowingly accept any TDX machine: teesql.attestation.require-identity=false (a warning at \
				every pool start; never in production).""".formatted(url);
		return new FailureAnalysis(description, action, cause);
	}

}
