package com.teesql.jdbc.attestation.ita;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * URL rules for the Intel Trust Authority endpoints: which hosts may be spoken to over plain http, and when a
 * token's {@code jku} names the configured JWKS. Nothing here resolves host names.
 */
final class Endpoints {

	private Endpoints() {
	}

	/**
	 * Whether a URI host is a literal loopback name or address.
	 * @param host the host as returned by {@link URI#getHost()} (IPv6 in brackets)
	 * @return {@code true} for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}
	 */
	static boolean isLoopback(String host) {
		String normalized = host.toLowerCase(Locale.ROOT);
		if (normalized.equals("localhost") || normalized.equals("[::1]") || normalized.equals("::1")) {
			return true;
		}
		String[] octets = normalized.split("\\.", -1);
		if (octets.length != 4 || !octets[0].equals("127")) {
			return false;
		}
		for (String octet : octets) {
			if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether a token's {@code jku} denotes the configured JWKS URL: same scheme and host (case-insensitive), same
	 * effective port, same path (ignoring a trailing {@code /}) and same query. Anything that does not parse as an
	 * absolute URL is a different endpoint.
	 * @param configured the configured JWKS URL
	 * @param jku the token's {@code jku}
	 * @return whether both name the same endpoint
	 */
	static boolean sameEndpoint(URI configured, URI jku) {
		if (jku == null || !jku.isAbsolute() || jku.getHost() == null || configured.getHost() == null) {
			return false;
		}
		if (jku.getRawUserInfo() != null || jku.getRawFragment() != null) {
			return false;
		}
		String scheme = configured.getScheme().toLowerCase(Locale.ROOT);
		return scheme.equals(jku.getScheme().toLowerCase(Locale.ROOT))
				&& configured.getHost().equalsIgnoreCase(jku.getHost())
				&& effectivePort(configured, scheme) == effectivePort(jku, scheme)
				&& path(configured).equals(path(jku))
				&& Objects.equals(configured.getRawQuery(), jku.getRawQuery());
	}

	private static int effectivePort(URI uri, String scheme) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return scheme.equals("https") ? 443 : 80;
	}

	private static String path(URI uri) {
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return path;
	}

}
