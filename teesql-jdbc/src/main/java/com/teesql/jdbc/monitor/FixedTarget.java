package com.teesql.jdbc.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The single target of a configuration without a leader manifest.
 *
 * @author teesql-spring-boot
 */
final class FixedTarget implements MonitoredTargets {

	private final MonitoredTarget target;

	/**
	 * Create the target.
	 * @param target the node of the configuration
	 */
	FixedTarget(MonitoredTarget target) {
		this.target = target;
	}

	@Override
	public MonitoredTarget current() {
		return this.target;
	}

	@Override
	public MonitoredTarget inHand() {
		return this.target;
	}

	@Override
	public Map<String, Object> routing() {
		return Map.of();
	}

	@Override
	public Map<String, Object> status() {
		return Map.of();
	}

	@Override
	public Map<String, Object> refreshManifest() {
		Map<String, Object> outcome = new LinkedHashMap<>();
		outcome.put("operation", TeeSqlMonitor.REFRESH_MANIFEST);
		outcome.put("outcome", "not-configured");
		outcome.put("message", "no manifest configured: connections go to the fixed target " + this.target.address()
				+ " of the configuration; nothing was refreshed");
		return outcome;
	}

	@Override
	public void onChange(Runnable action) {
		// A fixed target never changes.
	}

	@Override
	public void close() {
	}

	@Override
	public String toString() {
		return this.target.address() + ", sidecar=" + this.target.sidecar().baseUrl();
	}

}
