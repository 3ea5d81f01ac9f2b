package com.teesql.spring.boot.autoconfigure.actuate;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.VerificationCache;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the actuator contributors report about the TeeSQL connection: the health check, the sidecar's attestation
 * document, the connector's status, and on-demand re-verification. Remote checks run on background threads, are
 * bounded by {@code teesql.sidecar.timeout} and reused for {@link #REUSE_FOR}. Nothing reported contains a secret:
 * the DSN (which carries the cluster secret) is never read here.
 *
 * @author teesql-spring-boot
 */
public final class TeeSqlMonitor implements AutoCloseable {

	/** How long a health or attestation check result is reused. */
	public static final Duration REUSE_FOR = Duration.ofSeconds(5);

	private static final Logger logger = LoggerFactory.getLogger(TeeSqlMonitor.class);

	private final RaTlsConnector connector;

	private final TeeSqlConnectionActivity activity;

	private final SidecarHttpClient sidecar;

	private final HandshakeProbe probe;

	private final HikariPoolState pool;

	private final CachedCheck<TeeSqlHealthReport> health;

	private final CachedCheck<Map<String, Object>> attestation;

	TeeSqlMonitor(RaTlsConnector connector, TeeSqlConnectionActivity activity, SidecarHttpClient sidecar,
			HikariPoolState pool, Clock clock) {
		this.connector = connector;
		this.activity = activity;
		this.sidecar = sidecar;
		this.probe = new HandshakeProbe(connector);
		this.pool = pool;
		HealthCheck healthCheck = new HealthCheck(sidecar, this.probe, activity, pool);
		this.health = new CachedCheck<>("teesql-health-check", healthCheck::run,
				(ex) -> TeeSqlHealthReport.down("health check failed: " + HealthCheck.describe(ex), baseDetails()),
				(waited) -> TeeSqlHealthReport.down("health check did not finish within " + waited
						+ " (teesql.sidecar.timeout); its result will be used when it does", baseDetails()),
				REUSE_FOR, sidecar.timeout(), clock);
		SidecarAttestationCheck attestationCheck = new SidecarAttestationCheck(sidecar, quoteVerifier(connector),
				this.probe);
		this.attestation = new CachedCheck<>("teesql-attestation-check", attestationCheck::run,
				(ex) -> attestationError("attestation check failed: " + HealthCheck.describe(ex)),
				(waited) -> attestationError("sidecar /attestation did not answer and verify within " + waited
						+ " (teesql.sidecar.timeout)"),
				REUSE_FOR, sidecar.timeout(), clock);
	}

	private static QuoteVerifier quoteVerifier(RaTlsConnector connector) {
		QuoteVerifier configured = connector.config().quoteVerifier();
		return (configured != null) ? configured : connector.config().verifier().create();
	}

	/**
	 * The health of the sidecar and of the target's attestation (cached briefly).
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
	 * The connector's configuration (without secrets), last attestation, cache and pool state. Local only: no
	 * remote call.
	 * @return the status
	 */
	public Map<String, Object> status() {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("connector", connectorConfig());
		status.put("sidecarHttpUrl", this.sidecar.baseUrl().toString());
		status.put("lastAttestation", this.connector.lastResult().map(AttestationDetails::of).orElse(null));
		status.put("lastVerification",
				this.activity.lastVerification().map(Object::toString).orElse(null));
		this.activity.lastFailure().ifPresent((failure) -> status.put("lastFailure",
				Map.of("at", failure.at().toString(), "type", failure.type())));
		status.put("verifications", this.connector.verificationCount());
		status.put("refusals", this.activity.refusals());
		VerificationCache cache = this.connector.verificationCache();
		Map<String, Object> cacheState = new LinkedHashMap<>();
		cacheState.put("hits", cache.hits());
		cacheState.put("misses", cache.misses());
		cacheState.put("size", cache.size());
		status.put("cache", cacheState);
		status.put("pool", this.pool.read().orElse(null));
		return status;
	}

	/**
	 * Clear the verification cache and attest the target now through a real handshake (no SQL).
	 * @return {@code outcome} {@code accepted} with the attestation, or {@code refused} with the reason
	 */
	public Map<String, Object> reverify() {
		Map<String, Object> outcome = new LinkedHashMap<>();
		outcome.put("operation", "reverify");
		try {
			AttestationResult result = this.probe.reattest();
			outcome.put("outcome", "accepted");
			outcome.put("attestation", AttestationDetails.of(result));
			logger.info("TeeSQL target {}:{} re-verified on request", this.connector.config().host(),
					this.connector.config().port());
		}
		catch (IOException ex) {
			outcome.put("outcome", "refused");
			outcome.put("refusal", ex.getClass().getSimpleName());
			outcome.put("reason", HealthCheck.describe(ex));
			logger.warn("TeeSQL target {}:{} refused on re-verification: {}", this.connector.config().host(),
					this.connector.config().port(), HealthCheck.describe(ex));
		}
		this.health.invalidate();
		return outcome;
	}

	/**
	 * Report that there is no leader manifest to refresh: connections go to the fixed target of the configuration.
	 * @return {@code outcome} {@code not-configured} and an explanation; nothing was refreshed
	 */
	public Map<String, Object> refreshManifest() {
		Map<String, Object> outcome = new LinkedHashMap<>();
		outcome.put("operation", "refreshManifest");
		outcome.put("outcome", "not-configured");
		outcome.put("message", "no manifest configured: connections go to the fixed target "
				+ this.connector.config().host() + ":" + this.connector.config().port()
				+ " of the configuration; nothing was refreshed");
		return outcome;
	}

	private Map<String, Object> connectorConfig() {
		RaTlsConnectorConfig config = this.connector.config();
		AttestationPolicy policy = config.policy();
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("host", config.host());
		map.put("port", config.port());
		map.put("sslNegotiation", config.sslNegotiation().name().toLowerCase(java.util.Locale.ROOT));
		map.put("connectTimeout", config.connectTimeout().toString());
		map.put("handshakeTimeout", config.handshakeTimeout().toString());
		map.put("allowSimulator", config.allowSimulator());
		map.put("verifier", quoteVerifierName(config));
		map.put("cacheTtl", config.cacheTtl().toString());
		map.put("kmsRootPinned", config.kmsRootCa() != null);
		Map<String, Object> policyMap = new LinkedHashMap<>();
		policyMap.put("allowDebugMode", policy.allowDebugMode());
		policyMap.put("acceptableTcbStatuses", policy.acceptableTcbStatuses().stream().sorted().toList());
		policyMap.put("allowedMrtds", policy.allowedMrtds().stream().sorted().toList());
		policyMap.put("allowedComposeHashes", policy.allowedComposeHashes().stream().sorted().toList());
		policyMap.put("allowedAppIds", policy.allowedAppIds().stream().sorted().toList());
		map.put("policy", policyMap);
		return map;
	}

	private static String quoteVerifierName(RaTlsConnectorConfig config) {
		return (config.quoteVerifier() != null) ? config.quoteVerifier().name()
				: config.verifier().name().toLowerCase(java.util.Locale.ROOT);
	}

	private Map<String, Object> baseDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("target", this.connector.config().host() + ":" + this.connector.config().port());
		details.put("sidecarHttpUrl", this.sidecar.baseUrl().toString());
		return details;
	}

	private Map<String, Object> attestationError(String error) {
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("sidecarHttpUrl", this.sidecar.baseUrl().toString());
		info.put("error", error);
		return info;
	}

	@Override
	public void close() {
		this.health.close();
		this.attestation.close();
	}

	@Override
	public String toString() {
		return "TeeSqlMonitor[" + this.connector.config().host() + ":" + this.connector.config().port() + ", sidecar="
				+ this.sidecar.baseUrl() + "]";
	}

}
