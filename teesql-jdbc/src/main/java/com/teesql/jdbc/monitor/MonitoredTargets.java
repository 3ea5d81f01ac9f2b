package com.teesql.jdbc.monitor;

import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

import com.teesql.jdbc.manifest.LeaderTarget;
import com.teesql.jdbc.routing.Leader;
import com.teesql.jdbc.sidecar.SidecarHttpClient;

/**
 * Where the monitor's checks go: a fixed target of the configuration, or whichever node the signed leader manifest
 * currently names.
 *
 * @author teesql-spring-boot
 */
public interface MonitoredTargets extends AutoCloseable {

	/**
	 * The targets of a leader: the fixed one of a URL, or whichever node the manifest names.
	 * @param leader where writes go
	 * @param sidecars the sidecar HTTP client of a node
	 * @return the targets
	 */
	static MonitoredTargets of(Leader leader, Function<LeaderTarget, SidecarHttpClient> sidecars) {
		if (leader instanceof Leader.Manifest manifest) {
			return new LeaderTargets(manifest.watcher(), manifest.pools(), sidecars);
		}
		return new FixedTarget(new MonitoredTarget(leader.connector(), sidecars.apply(leader.target())));
	}

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
