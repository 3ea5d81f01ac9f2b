package com.teesql.spring.boot.autoconfigure.actuate;

import com.teesql.jdbc.monitor.TeeSqlHealthReport;
import com.teesql.jdbc.monitor.TeeSqlMonitor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@link HealthIndicator} for a TeeSQL cluster: UP when the sidecar's {@code /health} answers 200 and the target's
 * attestation is verified (see {@link TeeSqlMonitor#health()}); DOWN with the reason otherwise.
 *
 * @author teesql-spring-boot
 */
public class TeeSqlHealthIndicator implements HealthIndicator {

	private final TeeSqlMonitor monitor;

	/**
	 * Create an indicator.
	 * @param monitor the monitor whose health check is reported
	 */
	public TeeSqlHealthIndicator(TeeSqlMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public Health health() {
		TeeSqlHealthReport report = this.monitor.health();
		Health.Builder builder = report.up() ? Health.up() : Health.down().withDetail("reason", report.reason());
		return builder.withDetails(report.details()).build();
	}

}
