package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.manifest.ManifestClusterMismatchException;
import com.teesql.jdbc.manifest.ManifestException;
import com.teesql.jdbc.manifest.ManifestExpiredException;
import com.teesql.jdbc.manifest.ManifestNotFoundException;
import com.teesql.jdbc.manifest.ManifestRejectedException;
import com.teesql.jdbc.manifest.ManifestRollbackException;
import com.teesql.jdbc.manifest.ManifestSignatureException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains why the leader manifest ({@code _teesql-leader.<domain>} DNS TXT) was not accepted: "manifest signature
 * verification failed", "manifest expired", a rolled-back epoch, another cluster, or no record.
 *
 * @author teesql-spring-boot
 */
class ManifestFailureAnalyzer extends AbstractFailureAnalyzer<ManifestException> {

	private final Environment environment;

	ManifestFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ManifestException cause) {
		ManifestException specific = specific(cause);
		String record = "_teesql-leader." + this.environment.getProperty("teesql.manifest.domain", "<domain>");
		String description = "The leader manifest at " + record + " (DNS TXT) was not accepted: "
				+ cause.getMessage();
		return new FailureAnalysis(description, action(specific), cause);
	}

	// When several TXT records were all refused, the first refusal says most about the cause.
	private static ManifestException specific(ManifestException cause) {
		if (cause instanceof ManifestRejectedException) {
			for (Throwable suppressed : cause.getSuppressed()) {
				if (suppressed instanceof ManifestException manifest) {
					return manifest;
				}
			}
		}
		return cause;
	}

	private String action(ManifestException cause) {
		if (cause instanceof ManifestSignatureException) {
			return """
					Check, in this order:
					- teesql.manifest.signer-address (currently %s) must be the manifest signer address the operator \
					publishes for this cluster (most common cause).
					- Make sure the DNS answer is not altered on the way (resolver, teesql.manifest.resolvers).
					Never accept a manifest whose signature does not verify: it could route you to any server."""
				.formatted(this.environment.getProperty("teesql.manifest.signer-address", "unset"));
		}
		if (cause instanceof ManifestExpiredException) {
			return """
					The dns-controller has stopped publishing fresh manifests, or this machine's clock is far off:
					- Ask the operator to verify the dns-controller is running.
					- Check this host's clock (NTP); teesql.manifest.clock-skew (default 30s) is the tolerated skew.""";
		}
		if (cause instanceof ManifestRollbackException) {
			return "A manifest with an older epoch than one already seen was served: a former leader's manifest is "
					+ "being replayed. Do not connect; ask the operator to check the DNS records.";
		}
		if (cause instanceof ManifestClusterMismatchException) {
			return "The manifest is signed for another cluster. Check teesql.manifest.cluster-address and "
					+ "teesql.manifest.domain against the operator's values.";
		}
		if (cause instanceof ManifestNotFoundException) {
			return "Check teesql.manifest.domain (the record queried is _teesql-leader.<domain>) and that the "
					+ "resolvers in teesql.manifest.resolvers (or the system resolvers) can see it.";
		}
		return "Check teesql.manifest.domain, teesql.manifest.resolvers and teesql.manifest.signer-address against "
				+ "the operator's values, and that the cluster's dns-controller is publishing.";
	}

}
