package com.teesql.jdbc.monitor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outcome of a TeeSQL health check, independent of Spring Boot's health API so that the check works (and is
 * testable) without actuator.
 *
 * @param up whether the sidecar is healthy and its attestation verified
 * @param reason why it is not, {@code null} when up
 * @param details what was found (target, sidecar URL, attestation facts, pool state); never secrets
 * @author teesql-spring-boot
 */
public record TeeSqlHealthReport(boolean up, String reason, Map<String, Object> details) {

	public TeeSqlHealthReport {
		details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
	}

	static TeeSqlHealthReport up(Map<String, Object> details) {
		return new TeeSqlHealthReport(true, null, details);
	}

	static TeeSqlHealthReport down(String reason, Map<String, Object> details) {
		return new TeeSqlHealthReport(false, reason, details);
	}

}
