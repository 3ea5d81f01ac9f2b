package com.teesql.jdbc.monitor;

import java.io.IOException;
import java.util.Map;

/**
 * Where the monitor's checks go: a fixed target of the configuration, or whichever node the signed leader manifest
 * currently names.
 *
 * @author teesql-spring-boot
 */
public interface MonitoredTargets extends AutoCloseable {

	/**
	 * The target to check now. May resolve the manifest again when the one in hand expired (bounded by the resolver
	 * timeout).
	 * @return the target
	 * @throws IOException why there is no target to check, for example an expired manifest that cannot be refreshed
	 */
	MonitoredTarget current() throws IOException;

	/**
	 * The target known now, without any remote call (for status reports).
	 * @return the target
	 */
	MonitoredTarget inHand();

	/**
	 * How the target was chosen, added to health and info details: empty for a fixed target.
	 * @return public facts only
	 */
	Map<String, Object> routing();

	/**
	 * Routing state for the status report, without any remote call: empty for a fixed target.
	 * @return public facts only
	 */
	Map<String, Object> status();

	/**
	 * Resolve the leader manifest now, when there is one.
	 * @return the outcome
	 */
	Map<String, Object> refreshManifest();

	/**
	 * Run an action whenever the target changes, so that cached results of the former target are dropped.
	 * @param action the action
	 */
	void onChange(Runnable action);

	@Override
	void close();

}
