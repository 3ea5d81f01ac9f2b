package com.teesql.spring.boot.autoconfigure.actuate;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TeeSQL health check: UP only when the sidecar's {@code GET /health} answers 200 and the target's attestation
 * is verified. A verification counts when the connector made one within the verification cache TTL (at least
 * {@link #MIN_FRESHNESS}) and no handshake or verification failed since; otherwise the check performs one now
 * through a real RA-TLS handshake (no SQL).
 *
 * @author teesql-spring-boot
 */
final class HealthCheck {

	/** Freshness window used when verification caching is disabled (TTL zero). */
	static final Duration MIN_FRESHNESS = Duration.ofMinutes(1);

	private static final Logger logger = LoggerFactory.getLogger(HealthCheck.class);

	private final SidecarHttpClient sidecar;

	private final HandshakeProbe probe;

	private final TeeSqlConnectionActivity activity;

	private final HikariPoolState pool;

	HealthCheck(SidecarHttpClient sidecar, HandshakeProbe probe, TeeSqlConnectionActivity activity,
			HikariPoolState pool) {
		this.sidecar = sidecar;
		this.probe = probe;
		this.activity = activity;
		this.pool = pool;
	}

	TeeSqlHealthReport run() {
		Map<String, Object> details = baseDetails();
		try {
			SidecarHttpClient.Response response = this.sidecar.get("/health");
			if (response.status() != 200) {
				return down("sidecar " + response.uri() + " answered HTTP " + response.status() + ": "
						+ response.abbreviatedBody(), details);
			}
			details.put("sidecarHealth", "HTTP 200");
		}
		catch (IOException ex) {
			return down("sidecar " + this.sidecar.baseUrl() + "/health unreachable: " + describe(ex), details);
		}
		RaTlsConnectorConfig config = this.probe.connector().config();
		Duration window = config.cacheTtl().compareTo(MIN_FRESHNESS) < 0 ? MIN_FRESHNESS : config.cacheTtl();
		Optional<Instant> recent = this.activity.recentVerification(window);
		AttestationResult result;
		if (recent.isPresent() && this.probe.connector().lastResult().isPresent()) {
			result = this.probe.connector().lastResult().get();
			details.put("verifiedBy", "connection");
		}
		else {
			try {
				result = this.probe.attest();
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

	private Map<String, Object> baseDetails() {
		RaTlsConnectorConfig config = this.probe.connector().config();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("target", config.host() + ":" + config.port());
		details.put("sidecarHttpUrl", this.sidecar.baseUrl().toString());
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
