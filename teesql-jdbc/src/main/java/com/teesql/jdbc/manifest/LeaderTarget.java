package com.teesql.jdbc.manifest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where to dial the leader named by a manifest's {@code leader_url} (protocol §6.7). The port is the URL's explicit
 * port when it has one; otherwise {@code https} → 443 (the dstack gateway's TLS passthrough, the production shape),
 * {@code http} → 80 (as the Python and TypeScript clients do), {@code postgresql}/{@code postgres} → 5433 (the
 * sidecar port). Any other scheme is refused rather than guessed. The path, query and user info are ignored; the host
 * is also the SNI name.
 *
 * @param host the host name (IPv6 literals without brackets)
 * @param port the TCP port
 */
public record LeaderTarget(String host, int port) {

	/** The sidecar port used when a {@code postgresql://} leader URL has none. */
	public static final int SIDECAR_PORT = 5433;

	/**
	 * Derive the dial target from a leader URL.
	 * @param leaderUrl the URL from the manifest
	 * @return the target
	 * @throws InvalidLeaderUrlException naming the URL when it is not absolute, has no host or an unknown scheme
	 */
	public static LeaderTarget fromLeaderUrl(String leaderUrl) throws InvalidLeaderUrlException {
		if (leaderUrl == null || leaderUrl.isBlank()) {
			throw new InvalidLeaderUrlException("leader_url is empty");
		}
		String shown = ManifestParser.shorten(leaderUrl);
		URI uri;
		try {
			uri = new URI(leaderUrl.trim());
		}
		catch (URISyntaxException ex) {
			throw new InvalidLeaderUrlException("invalid leader_url: " + shown + " (" + ex.getReason() + ")");
		}
		if (uri.getScheme() == null) {
			throw new InvalidLeaderUrlException("leader_url is not an absolute URL: " + shown);
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		int defaultPort = switch (scheme) {
			case "https" -> 443;
			case "http" -> 80;
			case "postgresql", "postgres" -> SIDECAR_PORT;
			default -> throw new InvalidLeaderUrlException("unknown scheme for " + shown + ": " + scheme);
		};
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw new InvalidLeaderUrlException("leader_url has no hostname: " + shown);
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : defaultPort;
		if (port < 1 || port > 65535) {
			throw new InvalidLeaderUrlException("leader_url has an invalid port: " + shown);
		}
		return new LeaderTarget(host, port);
	}

	@Override
	public String toString() {
		return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
	}

}
