package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.manifest.ManifestClusterMismatchException;
import com.teesql.jdbc.manifest.ManifestEpochStoreException;
import com.teesql.jdbc.manifest.ManifestException;
import com.teesql.jdbc.manifest.ManifestExpiredException;
import com.teesql.jdbc.manifest.ManifestInstanceNotAttestedException;
import com.teesql.jdbc.manifest.ManifestLeaderInstanceMismatchException;
import com.teesql.jdbc.manifest.ManifestNotFoundException;
import com.teesql.jdbc.manifest.ManifestRejectedException;
import com.teesql.jdbc.manifest.ManifestRollbackException;
import com.teesql.jdbc.manifest.ManifestSignatureException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains why the leader manifest ({@code _teesql-leader.<domain>} DNS TXT) was not accepted: "manifest signature
 * verification failed", "manifest expired", a rolled-back epoch, another cluster, or no record; or why the server it
 * named was refused: it attested another instance than {@code leader_instance}, or none at all.
 *
 * @author teesql-spring-boot
 */
class ManifestFailureAnalyzer extends AbstractFailureAnalyzer<ManifestException> {

	private static final String EPOCH_STORE_ACTION = """
			The file keeps the highest manifest epoch accepted per cluster, so that a restart does not accept a \
			former leader's manifest again; it is never reset silently.
			- Missing directory, not writable, cannot be read: fix the path or the permissions of \
			teesql.manifest.epoch-store.
			- Corrupt: keep the damaged file for inspection (it was altered outside this application) and put a \
			correct one in its place: the line "# teesql leader manifest epochs v1", one line \
			"<cluster address>=<epoch>" per cluster with the epoch that teesql-cli resolve-leader prints for your \
			cluster (confirm it with the operator), and the line "# end".
			- Deleting the file also lets the application start, but until it sees a newer epoch it would accept \
			a former leader's still-valid manifest again. Unsetting teesql.manifest.epoch-store keeps the mark in \
			memory only, with the same gap after every restart.""";

	private final Environment environment;

	ManifestFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ManifestException cause) {
		ManifestException specific = specific(cause);
		String record = "_teesql-leader." + this.environment.getProperty("teesql.manifest.domain", "<domain>");
		if (specific instanceof ManifestInstanceNotAttestedException
				|| specific instanceof ManifestLeaderInstanceMismatchException) {
			// The manifest itself verified; the server it led to did not prove it is the leader it names.
			String description = "The server named by the leader manifest at " + record
					+ " (DNS TXT) did not prove it is the manifest's leader: " + cause.getMessage();
			return new FailureAnalysis(description, leaderInstanceAction(specific), cause);
		}
		if (specific instanceof ManifestEpochStoreException) {
			String description = "The manifest epoch store (teesql.manifest.epoch-store="
					+ this.environment.getProperty("teesql.manifest.epoch-store", "") + ") cannot be used: "
					+ cause.getMessage();
			return new FailureAnalysis(description, EPOCH_STORE_ACTION, cause);
		}
		String description = "The leader manifest at " + record + " (DNS TXT) was not accepted: "
				+ cause.getMessage();
		return new FailureAnalysis(description, action(specific), cause);
	}


	private String leaderInstanceAction(ManifestException cause) {
		if (cause instanceof ManifestInstanceNotAttestedException) {
			return """
					With teesql.manifest.domain set, the leader must attest its dstack instance id, and this server \
					attested none. Find out which case this is:
					- teesql.allow-simulator=true (currently %s): a simulator proves no instance, so it cannot be \
					reached through a manifest. Point teesql.url at the simulator and remove teesql.manifest.domain.
					- The cluster's sidecar presents a legacy RA-TLS certificate (1.3.6.1.4.1.62397.1.1) or one \
					without the instance-id runtime event: the operator must upgrade it to a dstack version whose \
					certificate carries the VersionedAttestation extension (1.3.6.1.4.1.62397.1.8) with instance-id.
					- Otherwise another machine answers at the manifest's leader_url: do not connect; ask the operator \
					to check the DNS records and the gateway. No property disables this check; \
					teesql-cli check-endpoint shows what the server attests."""
				.formatted(this.environment.getProperty("teesql.allow-simulator", "false"));
		}
		return """
				The leader answering at the manifest's leader_url is another dstack instance than its leader_instance:
				- During a failover this clears once the new manifest is published (refreshed every \
				teesql.manifest.refresh-interval); retry then.
				- If it persists, a server the manifest never named answers at leader_url: do not connect; ask the \
				operator to check the DNS records and the gateway. teesql-cli resolve-leader and check-endpoint \
				show what each side says.""";
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
			String store = this.environment.getProperty("teesql.manifest.epoch-store");
			return "A manifest with an older epoch than one already seen was served: a former leader's manifest is "
					+ "being replayed. Do not connect; ask the operator to check the DNS records."
					+ ((store != null) ? " The epoch already seen may come from before a restart: it is recorded in "
							+ "teesql.manifest.epoch-store (" + store + ")." : "");
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
