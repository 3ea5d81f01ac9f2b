package com.teesql.jdbc.routing;

import java.util.ArrayList;
import java.util.List;

import com.teesql.jdbc.manifest.LeaderTarget;

/**
 * Parses {@code teesql.read-only.endpoints} ("host:port", "[ipv6]:port", or "host" for the sidecar port 5433).
 *
 * @author teesql-spring-boot
 */
public final class ReadEndpoints {

	private ReadEndpoints() {
	}

	/**
	 * Parse the configured read endpoints.
	 * @param endpoints the entries of {@code teesql.read-only.endpoints}
	 * @return the targets, in order
	 * @throws IllegalArgumentException naming the entry that is not {@code host:port}
	 */
	public static List<LeaderTarget> parse(List<String> endpoints) {
		List<LeaderTarget> targets = new ArrayList<>();
		for (String endpoint : endpoints) {
			targets.add(parse(endpoint));
		}
		return List.copyOf(targets);
	}

	private static LeaderTarget parse(String endpoint) {
		String value = (endpoint != null) ? endpoint.trim() : "";
		int colon = value.lastIndexOf(':');
		boolean bracketed = value.startsWith("[");
		if (value.isEmpty() || (bracketed && value.indexOf(']') < 0)) {
			throw invalid(endpoint);
		}
		if (colon < 0 || (bracketed && colon < value.indexOf(']'))) {
			return new LeaderTarget(unbracket(value), LeaderTarget.SIDECAR_PORT);
		}
		try {
			int port = Integer.parseInt(value.substring(colon + 1));
			if (port < 1 || port > 65535 || colon == 0) {
				throw invalid(endpoint);
			}
			return new LeaderTarget(unbracket(value.substring(0, colon)), port);
		}
		catch (NumberFormatException ex) {
			throw invalid(endpoint);
		}
	}

	private static String unbracket(String host) {
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

	private static IllegalArgumentException invalid(String endpoint) {
		return new IllegalArgumentException(
				"teesql.read-only.endpoints entry \"" + endpoint + "\" is not host:port (for example standby-1:5433)");
	}

}
