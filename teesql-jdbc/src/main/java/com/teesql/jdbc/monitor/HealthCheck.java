package com.teesql.jdbc.monitor;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.sidecar.SidecarHttpClient;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TeeSQL health check: UP only when the sidecar's {@code GET /health} answers 200 and the target's attestation
 * is verified. With a leader manifest the target is the leader it currently names, and a manifest that expired and
 * cannot be refreshed makes the check DOWN; a failed refresh of a still valid manifest is reported, not fatal. A verification counts when the connector made one within the verification cache TTL (at least
 * {@link #MIN_FRESHNESS}) and no handshake or verification failed since; otherwise the check performs one now
 * through a real RA-TLS handshake (no SQL).
 *
 * @author teesql-spring-boot
 */
final class HealthCheck {

	/** Freshness window used when verification caching is disabled (TTL zero). */
	static final Duration MIN_FRESHNESS = Duration.ofMinutes(1);

	private static final Logger logger = LoggerFactory.getLogger(HealthCheck.class);

	private final MonitoredTargets targets;

	private final TeeSqlConnectionActivity activity;

	private final HikariPoolState pool;

	HealthCheck(MonitoredTargets targets, TeeSqlConnectionActivity activity, HikariPoolState pool) {
		this.targets = targets;
		this.activity = activity;
		this.pool = pool;
	}

	TeeSqlHealthReport run() {
		MonitoredTarget target;
		try {
			target = this.targets.current();
		}
		catch (IOException ex) {
			// No leader to check: the manifest expired and could not be refreshed.
			return down(describe(ex), new LinkedHashMap<>(this.targets.routing()));
		}
		Map<String, Object> details = baseDetails(target);
		details.putAll(this.targets.routing());
		SidecarHttpClient sidecar = target.sidecar();
		try {
			SidecarHttpClient.Response response = sidecar.get("/health");
			if (response.status() != 200) {
				return down("sidecar " + response.uri() + " answered HTTP " + response.status() + ": "
						+ response.abbreviatedBody(), details);
			}
			details.put("sidecarHealth", "HTTP 200");
		}
		catch (IOException ex) {
			return down("sidecar " + sidecar.baseUrl() + "/health unreachable: " + describe(ex), details);
		}
		HandshakeProbe probe = new HandshakeProbe(target.connector());
		RaTlsConnectorConfig config = target.connector().config();
		Duration window = config.cacheTtl().compareTo(MIN_FRESHNESS) < 0 ? MIN_FRESHNESS : config.cacheTtl();
		Optional<Instant> recent = this.activity.recentVerification(window);
		AttestationResult result;
		if (recent.isPresent() && target.connector().lastResult().isPresent()) {
			result = target.connector().lastResult().get();
			details.put("verifiedBy", "connection");
		}
		else {
			try {
				result = probe.attest();
				details.put("verifiedBy", "health-check handshake");
			}
			catch (IOException ex) {
				return down(describe(ex), details);
			}
		}
		details.putAll(AttestationDetails.of(result));
		this.activity.lastVerification().ifPresent((at) -> details.put("lastVerification", at.toString()));
		this.pool.read().ifPresent((state) -> details.put("pool", state));
		return TeeSqlHealthReport.up(details);
	}

	static Map<String, Object> baseDetails(MonitoredTarget target) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("target", target.address());
		details.put("sidecarHttpUrl", target.sidecar().baseUrl().toString());
		// An unpinned identity (require-identity=false) is a standing relaxation: visible whether UP or DOWN.
		RaTlsConnectorConfig config = target.connector().config();
		details.put("identityPinned", config.identityPinned());
		details.put("requireIdentity", config.requireIdentity());
		return details;
	}

	private TeeSqlHealthReport down(String reason, Map<String, Object> details) {
		logger.debug("TeeSQL health DOWN: {}", reason);
		this.pool.read().ifPresent((state) -> details.put("pool", state));
		return TeeSqlHealthReport.down(reason, details);
	}

	// TeeSQL exceptions carry the documented wording; others get their type so that "Connection refused" stays
	// recognizable.
	static String describe(Exception ex) {
		if (ex instanceof TeeSqlException) {
			return ex.getMessage();
		}
		return ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
	}

}
