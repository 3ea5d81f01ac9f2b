package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.errors.MissingAttestationExtensionException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link MissingAttestationExtensionException}: the server's certificate is an ordinary one.
 *
 * @author teesql-spring-boot
 */
class MissingAttestationExtensionFailureAnalyzer extends AbstractFailureAnalyzer<MissingAttestationExtensionException> {


	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingAttestationExtensionException cause) {
		ConnectionTarget target = ConnectionTarget.of(cause);
		String description = "Upstream cert has no TDX attestation extension: " + target.describe()
				+ " presented a normal X.509 certificate without the RA-TLS attestation extension, so nothing proves"
				+ " it runs in a TDX confidential VM. Either it is not a TeeSQL host or it is a dstack simulator.";
		StringBuilder action = new StringBuilder();
		action.append("For development against a dstack simulator, set teesql.allow-simulator=true.\n");
		action.append("For production, never set it: confirm that teesql.url names your TeeSQL cluster and the "
				+ "sidecar's RA-TLS port 5433, not 5432.");
		if (target.port() == 5432) {
			action.append(" teesql.url uses port 5432, which is PostgreSQL's usual port.");
		}
		return new FailureAnalysis(description, action.toString(), cause);
	}

}
