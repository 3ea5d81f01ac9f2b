package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.InvalidDsnException;
import com.teesql.jdbc.errors.TeeSqlException;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * What a failure report can say about the server the application tried to reach. A TeeSQL refusal names its
 * {@code host:port} itself ({@link TeeSqlException#target()}, set by the connector that dialled it, whichever leader
 * or dev cluster that was), so it is read from the exception. Only errors the server sends through PostgreSQL (a
 * refused password) carry no TeeSQL target: for them the configured {@code teesql.url} is all there is. Never
 * carries the cluster secret: only host, port and role are kept.
 *
 * @author teesql-spring-boot
 */
final class ConnectionTarget {

	private static final String PLACEHOLDER_HOST = "your-cluster.teesql.com";

	private final String host;

	private final int port;

	private final String role;

	private final boolean devCluster;

	private ConnectionTarget(String host, int port, String role, boolean devCluster) {
		this.host = host;
		this.port = port;
		this.role = role;
		this.devCluster = devCluster;
	}

	/**
	 * The server a TeeSQL failure concerns.
	 * @param failure the failure
	 * @return the target it names; unknown parts are left out of descriptions
	 */
	static ConnectionTarget of(TeeSqlException failure) {
		String target = failure.target();
		if (target == null) {
			return new ConnectionTarget(null, -1, null, false);
		}
		int colon = target.lastIndexOf(':');
		if (colon <= 0 || target.endsWith("]")) {
			return new ConnectionTarget(unbracketed(target), -1, null, false);
		}
		int port;
		try {
			port = Integer.parseInt(target.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			port = -1;
		}
		return new ConnectionTarget(unbracketed(target.substring(0, colon)), port, null, false);
	}

	/**
	 * The target configured by {@code teesql.url}, or the embedded dev cluster when it is enabled: for errors the
	 * server reports through PostgreSQL, which name no target, and for the role the application logs in as.
	 * @param environment the application's environment
	 * @return the target; unknown parts are left out of descriptions
	 */
	static ConnectionTarget configured(Environment environment) {
		Binder binder = Binder.get(environment);
		String url = binder.bind("teesql.url", String.class).orElse(null);
		if (url != null) {
			try {
				TeeSqlDsn dsn = TeeSqlDsn.parse(url.trim());
				return new ConnectionTarget(dsn.host(), dsn.port(), dsn.role(), false);
			}
			catch (InvalidDsnException ex) {
				// Reported by its own analyzer; here the target is simply unknown.
			}
		}
		if (binder.bind("teesql.dev-cluster.enabled", Boolean.class).orElse(false)) {
			String role = binder.bind("teesql.dev-cluster.role", String.class).orElse("teesql_readwrite");
			return new ConnectionTarget(null, -1, role, true);
		}
		return new ConnectionTarget(null, -1, null, false);
	}

	/**
	 * Where the connection went, for a sentence such as "the server at ...".
	 * @return {@code host:port}, "the embedded dev cluster" or "the TeeSQL cluster"
	 */
	String describe() {
		if (this.host != null) {
			return "the server at " + hostPort();
		}
		return this.devCluster ? "the embedded dev cluster" : "the TeeSQL cluster";
	}

	/**
	 * The role the application logs in as, if known.
	 * @return the role or {@code null}
	 */
	String role() {
		return this.role;
	}

	/**
	 * The port of the target.
	 * @return the port, or {@code -1} if unknown
	 */
	int port() {
		return this.port;
	}

	/**
	 * The sidecar health endpoint a user can probe with curl.
	 * @return the URL, with a placeholder host if the real one is unknown
	 */
	String healthUrl() {
		String hostPart = (this.host != null) ? bracketed(this.host) : PLACEHOLDER_HOST;
		return "http://" + hostPart + ":8080/health";
	}

	private String hostPort() {
		return (this.port > 0) ? bracketed(this.host) + ":" + this.port : bracketed(this.host);
	}

	private static String bracketed(String host) {
		return (host.indexOf(':') >= 0) ? "[" + host + "]" : host;
	}

	private static String unbracketed(String host) {
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

}
