package com.teesql.jdbc.monitor;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.attestation.VerificationCache;
import com.teesql.jdbc.sidecar.SidecarHttpClient;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the actuator contributors report about the TeeSQL connection: the health check, the sidecar's attestation
 * document, the connector's status, and on-demand re-verification and manifest refresh. The target is the fixed one
 * of the configuration or, with a signed leader manifest, the leader it currently names. Remote checks run on background threads, are
 * bounded by {@code teesql.sidecar.timeout} and reused for {@link #REUSE_FOR}. Nothing reported contains a secret:
 * the DSN (which carries the cluster secret) is never read here.
 *
 * @author teesql-spring-boot
 */
public final class TeeSqlMonitor implements AutoCloseable {

	/** How long a health or attestation check result is reused. */
	public static final Duration REUSE_FOR = Duration.ofSeconds(5);

	/** The operation that attests the target now ({@link #reverify()}). */
	public static final String REVERIFY = "reverify";

	/** The operation that resolves the leader manifest now ({@link #refreshManifest()}). */
	public static final String REFRESH_MANIFEST = "refresh-manifest";

	private static final Logger logger = LoggerFactory.getLogger(TeeSqlMonitor.class);

	private final MonitoredTargets targets;

	private final TeeSqlConnectionActivity activity;

	private final HikariPoolState pool;

	private final CachedCheck<TeeSqlHealthReport> health;

	private final CachedCheck<Map<String, Object>> attestation;

	/**
	 * Monitor whichever target {@code targets} names: the fixed one of a URL, or the leader a manifest names
	 * ({@link MonitoredTargets#of}).
	 * @param targets the targets
	 * @param activity what the connectors reported
	 * @param pool the application's pool
	 * @param timeout how long a caller waits for a remote check
	 * @param clock the clock of cached results
	 */
	public TeeSqlMonitor(MonitoredTargets targets, TeeSqlConnectionActivity activity, HikariPoolState pool,
			Duration timeout, Clock clock) {
		this.targets = targets;
		this.activity = activity;
		this.pool = pool;
		HealthCheck healthCheck = new HealthCheck(targets, activity, pool);
		this.health = new CachedCheck<>("teesql-health-check", healthCheck::run,
				(ex) -> TeeSqlHealthReport.down("health check failed: " + HealthCheck.describe(ex), knownDetails()),
				(waited) -> TeeSqlHealthReport.down("health check did not finish within " + waited
						+ " (teesql.sidecar.timeout); its result will be used when it does", knownDetails()),
				REUSE_FOR, timeout, clock);
		SidecarAttestationCheck attestationCheck = new SidecarAttestationCheck(targets);
		this.attestation = new CachedCheck<>("teesql-attestation-check", attestationCheck::run,
				(ex) -> attestationError("attestation check failed: " + HealthCheck.describe(ex)),
				(waited) -> attestationError("sidecar /attestation did not answer and verify within " + waited
						+ " (teesql.sidecar.timeout)"),
				REUSE_FOR, timeout, clock);
		// Results about a former leader must not be served for the new one.
		targets.onChange(this::invalidate);
	}

	/**
	 * The health of the sidecar and of the target's attestation (cached briefly). With a leader manifest the target
	 * is the current leader, and the manifest must not have expired.
	 * @return the report
	 */
	public TeeSqlHealthReport health() {
		return this.health.get();
	}

	/**
	 * The sidecar's attestation document with the local verification of its quote (cached briefly).
	 * @return the document's public fields, {@code quoteVerification}, or an {@code error}
	 */
	public Map<String, Object> sidecarAttestation() {
		return this.attestation.get();
	}

	/**
	 * The connector's configuration (without secrets), last attestation, cache and pool state; with a leader
	 * manifest also the manifest and the live pools. Local only: no remote call.
	 * @return the status
	 */
	public Map<String, Object> status() {
		MonitoredTarget target = this.targets.inHand();
		RaTlsConnector connector = target.connector();
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("connector", connectorConfig(connector));
		status.put("sidecarHttpUrl", target.sidecar().baseUrl().toString());
		status.put("lastAttestation", connector.lastResult().map(AttestationDetails::of).orElse(null));
		status.put("lastVerification",
				this.activity.lastVerification().map(Object::toString).orElse(null));
		this.activity.lastFailure().ifPresent((failure) -> status.put("lastFailure",
				Map.of("at", failure.at().toString(), "type", failure.type())));
		status.put("verifications", connector.verificationCount());
		status.put("refusals", this.activity.refusals());
		VerificationCache cache = connector.verificationCache();
		Map<String, Object> cacheState = new LinkedHashMap<>();
		cacheState.put("hits", cache.hits());
		cacheState.put("misses", cache.misses());
		cacheState.put("size", cache.size());
		status.put("cache", cacheState);
		status.put("pool", this.pool.read().orElse(null));
		status.putAll(this.targets.status());
		return status;
	}

	/**
	 * Clear the verification cache and attest the target (the current leader, with a manifest) now through a real
	 * handshake (no SQL).
	 * @return {@code outcome} {@code accepted} with the attestation, or {@code refused} with the reason
	 */
	public Map<String, Object> reverify() {
		Map<String, Object> outcome = new LinkedHashMap<>();
		outcome.put("operation", REVERIFY);
		String address = null;
		try {
			MonitoredTarget target = this.targets.current();
			address = target.address();
			outcome.put("target", address);
			AttestationResult result = new HandshakeProbe(target.connector()).reattest();
			outcome.put("outcome", "accepted");
			outcome.put("attestation", AttestationDetails.of(result));
			logger.info("TeeSQL target {} re-verified on request", address);
		}
		catch (IOException ex) {
			outcome.put("outcome", "refused");
			outcome.put("refusal", ex.getClass().getSimpleName());
			outcome.put("reason", HealthCheck.describe(ex));
			logger.warn("TeeSQL target {} refused on re-verification: {}", (address != null) ? address : "(none)",
					HealthCheck.describe(ex));
		}
		this.health.invalidate();
		return outcome;
	}

	/**
	 * Resolve and verify the leader manifest now. Without a manifest nothing is refreshed: connections go to the
	 * fixed target of the configuration.
	 * @return {@code outcome} {@code refreshed} with the manifest, {@code failed} with the reason (the last good
	 * manifest is kept), or {@code not-configured} and an explanation
	 */
	public Map<String, Object> refreshManifest() {
		Map<String, Object> outcome = this.targets.refreshManifest();
		invalidate();
		return outcome;
	}

	private void invalidate() {
		this.health.invalidate();
		this.attestation.invalidate();
	}

	private static Map<String, Object> connectorConfig(RaTlsConnector connector) {
		RaTlsConnectorConfig config = connector.config();
		AttestationPolicy policy = config.policy();
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("host", config.host());
		map.put("port", config.port());
		map.put("sslNegotiation", config.sslNegotiation().name().toLowerCase(java.util.Locale.ROOT));
		map.put("connectTimeout", config.connectTimeout().toString());
		map.put("handshakeTimeout", config.handshakeTimeout().toString());
		map.put("allowSimulator", config.allowSimulator());
		map.put("verifier", connector.quoteVerifier().name());
		map.put("cacheTtl", config.cacheTtl().toString());
		map.put("kmsRootPinned", config.kmsRootCa() != null);
		map.put("identityPinned", config.identityPinned());
		map.put("requireIdentity", config.requireIdentity());
		Map<String, Object> policyMap = new LinkedHashMap<>();
		policyMap.put("allowDebugMode", policy.allowDebugMode());
		policyMap.put("acceptableTcbStatuses", policy.acceptableTcbStatuses().stream().sorted().toList());
		policyMap.put("allowedMrtds", policy.allowedMrtds().stream().sorted().toList());
		policyMap.put("allowedComposeHashes", policy.allowedComposeHashes().stream().sorted().toList());
		policyMap.put("allowedAppIds", policy.allowedAppIds().stream().sorted().toList());
		map.put("policy", policyMap);
		return map;
	}

	// What can be said without a remote call, for a check that failed or did not finish.
	private Map<String, Object> knownDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		try {
			details.putAll(HealthCheck.baseDetails(this.targets.inHand()));
		}
		catch (RuntimeException ex) {
			logger.debug("No TeeSQL target to describe", ex);
		}
		details.putAll(this.targets.routing());
		return details;
	}

	private Map<String, Object> attestationError(String error) {
		Map<String, Object> info = new LinkedHashMap<>();
		Map<String, Object> known = knownDetails();
		if (known.containsKey("sidecarHttpUrl")) {
			info.put("sidecarHttpUrl", known.get("sidecarHttpUrl"));
		}
		info.put("error", error);
		return info;
	}

	@Override
	public void close() {
		this.targets.close();
		this.health.close();
		this.attestation.close();
	}

	@Override
	public String toString() {
		return "TeeSqlMonitor[" + this.targets + "]";
	}

}
