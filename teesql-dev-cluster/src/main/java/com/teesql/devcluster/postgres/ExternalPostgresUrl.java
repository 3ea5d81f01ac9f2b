package com.teesql.devcluster.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The parsed value of {@value DevPostgres#EXTERNAL_URL_ENV}: an existing server reached with an administrative role.
 * {@link #toString()} never shows the password.
 */
final class ExternalPostgresUrl {

	private static final String EXPECTED_FORM = "postgresql://<admin>:<password>@<host>:<port>/<database>";

	private final String host;

	private final int port;

	private final String database;

	private final String adminUser;

	private final String adminPassword;

	private ExternalPostgresUrl(String host, int port, String database, String adminUser, String adminPassword) {
		this.host = host;
		this.port = port;
		this.database = database;
		this.adminUser = adminUser;
		this.adminPassword = adminPassword;
	}

	static ExternalPostgresUrl parse(String value) {
		if (value == null || value.isBlank()) {
			throw invalid(value, "it is empty");
		}
		URI uri;
		try {
			uri = new URI(value.trim());
		}
		catch (URISyntaxException ex) {
			throw invalid(value, "it is not a URI");
		}
		String scheme = uri.getScheme();
		if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
			throw invalid(value, "the scheme must be postgresql or postgres");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw invalid(value, "it has no host");
		}
		String userInfo = uri.getRawUserInfo();
		if (userInfo == null || userInfo.isEmpty()) {
			throw invalid(value, "it has no admin user");
		}
		int colon = userInfo.indexOf(':');
		String user = decode((colon < 0) ? userInfo : userInfo.substring(0, colon));
		String password = (colon < 0) ? null : decode(userInfo.substring(colon + 1));
		if (user.isEmpty()) {
			throw invalid(value, "it has no admin user");
		}
		String path = uri.getPath();
		String database = (path == null || path.length() <= 1) ? "postgres" : decode(path.substring(1));
		if (database.contains("/")) {
			throw invalid(value, "the database name must not contain '/'");
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : 5432;
		String host = uri.getHost();
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		return new ExternalPostgresUrl(host, port, database, user, password);
	}

	private static String decode(String raw) {
		return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static DevPostgresException invalid(String value, String reason) {
		return new DevPostgresException(DevPostgres.EXTERNAL_URL_ENV + " must look like " + EXPECTED_FORM + " but "
				+ reason + ": '" + redact(value) + "'");
	}

	/**
	 * Masks everything between the scheme and the host so that a password (parsed or not) never reaches a message.
	 */
	static String redact(String value) {
		if (value == null) {
			return "<unset>";
		}
		int schemeEnd = value.indexOf("://");
		if (schemeEnd < 0) {
			return "****";
		}
		int authorityStart = schemeEnd + 3;
		int at = value.lastIndexOf('@');
		if (at >= authorityStart) {
			return value.substring(0, authorityStart) + "****" + value.substring(at);
		}
		int slash = value.indexOf('/', authorityStart);
		return value.substring(0, authorityStart) + "****" + ((slash < 0) ? "" : value.substring(slash));
	}

	String host() {
		return this.host;
	}

	int port() {
		return this.port;
	}

	String database() {
		return this.database;
	}

	String adminUser() {
		return this.adminUser;
	}

	String adminPassword() {
		return this.adminPassword;
	}

	@Override
	public String toString() {
		return "postgresql://" + this.adminUser + ":****@" + this.host + ":" + this.port + "/" + this.database;
	}

}
