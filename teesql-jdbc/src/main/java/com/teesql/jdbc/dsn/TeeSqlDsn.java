package com.teesql.jdbc.dsn;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.teesql.jdbc.attestation.Hex;
import com.teesql.jdbc.errors.InvalidDsnException;
import com.teesql.jdbc.text.StrictUtf8;

/**
 * A parsed TeeSQL connection URI: {@code postgresql://role[:secret]@host[:port][/database][?params]}.
 * <p>
 * The user part is the Postgres role, the password part the 64-hex-character cluster secret. The secret is never
 * shown by {@link #toString()} nor echoed in exception messages; a user part that is a secret is refused rather than
 * taken as a role, since the role is printed. Parsing performs no I/O.
 */
public final class TeeSqlDsn {

	/** The port of the TeeSQL sidecar's RA-TLS listener. */
	public static final int DEFAULT_PORT = 5433;

	/** Database used when the URI has no path. */
	public static final String DEFAULT_DATABASE = "postgres";

	private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

	private static final int SECRET_LENGTH = 64;

	// PostgreSQL truncates identifiers to NAMEDATALEN - 1 = 63 bytes; a longer role can only be a mistake.
	private static final int MAX_ROLE_LENGTH = 63;

	// Parameters whose value teesql-jdbc sets itself in the JDBC URL, or which would put a secret into a URL.
	private static final Set<String> RESERVED_PARAMETERS = Set.of("socketfactory", "socketfactoryarg", "teesqlconnector",
			"sslfactory", "sslfactoryarg", "sslnegotiation", "user", "password");

	private final String scheme;

	private final String role;

	private final String secret;

	private final String host;

	private final int port;

	private final String database;

	private final Map<String, String> parameters;

	private TeeSqlDsn(String scheme, String role, String secret, String host, int port, String database,
			Map<String, String> parameters) {
		this.scheme = scheme;
		this.role = role;
		this.secret = secret;
		this.host = host;
		this.port = port;
		this.database = database;
		this.parameters = parameters;
	}

	/**
	 * Parse a TeeSQL URI DSN.
	 * @param uri the DSN, {@code postgresql://} or {@code postgres://}
	 * @return the parsed DSN
	 * @throws InvalidDsnException if the DSN is not a URI of that form or any part is invalid
	 */
	public static TeeSqlDsn parse(String uri) throws InvalidDsnException {
		if (uri == null) {
			throw new InvalidDsnException(InvalidDsnException.URI_FORM_REQUIRED);
		}
		String scheme;
		if (uri.startsWith("postgresql://")) {
			scheme = "postgresql";
		}
		else if (uri.startsWith("postgres://")) {
			scheme = "postgres";
		}
		else {
			throw new InvalidDsnException(InvalidDsnException.URI_FORM_REQUIRED);
		}
		String rest = uri.substring(scheme.length() + 3);
		if (rest.indexOf('#') >= 0) {
			throw new InvalidDsnException("DSN must not contain a fragment ('#'); percent-encode '#' as %23");
		}
		String query = null;
		int questionMark = rest.indexOf('?');
		if (questionMark >= 0) {
			query = rest.substring(questionMark + 1);
			rest = rest.substring(0, questionMark);
		}
		String path = null;
		int slash = rest.indexOf('/');
		if (slash >= 0) {
			path = rest.substring(slash + 1);
			rest = rest.substring(0, slash);
		}
		String hostPort = rest;
		String userInfo = null;
		int at = rest.lastIndexOf('@');
		if (at >= 0) {
			userInfo = rest.substring(0, at);
			hostPort = rest.substring(at + 1);
		}
		String role = parseRole(userInfo);
		String secret = parseSecret(userInfo);
		String[] hostAndPort = splitHostPort(hostPort);
		String host = hostAndPort[0];
		int port = (hostAndPort[1] != null) ? parsePort(hostAndPort[1]) : DEFAULT_PORT;
		String database = parseDatabase(path);
		Map<String, String> parameters = parseParameters(query);
		return new TeeSqlDsn(scheme, role, secret, host, port, database, parameters);
	}

	/**
	 * Whether the value is a well-formed cluster secret: exactly 64 ASCII hexadecimal characters (either case).
	 * @param secret the candidate, may be {@code null}
	 * @return {@code true} if valid
	 */
	public static boolean isValidSecret(String secret) {
		return Hex.isHex(secret, SECRET_LENGTH);
	}

	private static String parseRole(String userInfo) throws InvalidDsnException {
		if (userInfo == null || userInfo.isEmpty() || userInfo.startsWith(":")) {
			throw new InvalidDsnException("DSN has no role: put the Postgres role in the user part, "
					+ "e.g. postgresql://teesql_read:<secret>@host:5433/db");
		}
		int colon = userInfo.indexOf(':');
		String rawRole = (colon >= 0) ? userInfo.substring(0, colon) : userInfo;
		String role = percentDecode(rawRole, "role");
		// Checked first: a secret starting with a-f is a valid identifier, and a role is printed in messages and
		// toString(), sent in clear to pgjdbc as the user name and shown by the server in its errors.
		if (isValidSecret(role)) {
			throw new InvalidDsnException(InvalidDsnException.SECRET_IN_USER_PART);
		}
		if (role.length() > MAX_ROLE_LENGTH) {
			throw new InvalidDsnException("DSN role is " + role.length() + " characters long (value not shown); "
					+ "PostgreSQL role names have at most " + MAX_ROLE_LENGTH + " characters");
		}
		if (!ROLE.matcher(role).matches()) {
			throw new InvalidDsnException("DSN role '" + printable(role)
					+ "' is not a valid identifier (expected letters, digits and '_', not starting with a digit)");
		}
		return role;
	}

	private static String parseSecret(String userInfo) throws InvalidDsnException {
		int colon = userInfo.indexOf(':');
		if (colon < 0) {
			return null;
		}
		String secret = percentDecode(userInfo.substring(colon + 1), "cluster secret");
		validateSecret(secret);
		return secret;
	}

	private static void validateSecret(String secret) throws InvalidDsnException {
		if (secret == null || secret.length() != SECRET_LENGTH) {
			throw new InvalidDsnException("cluster secret (DSN password) must be 64 hex characters (32 bytes), got "
					+ ((secret != null) ? secret.length() : 0) + " characters");
		}
		if (!isValidSecret(secret)) {
			throw new InvalidDsnException("cluster secret (DSN password) must contain only ASCII hex characters "
					+ "0-9, a-f, A-F (value not shown)");
		}
	}

	private static String[] splitHostPort(String hostPort) throws InvalidDsnException {
		if (hostPort.isEmpty()) {
			throw new InvalidDsnException("DSN has no host");
		}
		String host;
		String port = null;
		if (hostPort.startsWith("[")) {
			int close = hostPort.indexOf(']');
			if (close < 0) {
				throw new InvalidDsnException("DSN host '" + printable(hostPort) + "' has an unterminated IPv6 literal");
			}
			host = hostPort.substring(1, close);
			String after = hostPort.substring(close + 1);
			if (!after.isEmpty()) {
				if (!after.startsWith(":")) {
					throw new InvalidDsnException("DSN host '" + printable(hostPort) + "' has text after the IPv6 literal");
				}
				port = after.substring(1);
			}
			if (host.isEmpty() || !IPV6.matcher(host).matches() || host.indexOf(':') < 0) {
				throw new InvalidDsnException("DSN host '[" + printable(host) + "]' is not a valid IPv6 literal");
			}
		}
		else {
			int colon = hostPort.indexOf(':');
			host = (colon >= 0) ? hostPort.substring(0, colon) : hostPort;
			port = (colon >= 0) ? hostPort.substring(colon + 1) : null;
			if (host.isEmpty()) {
				throw new InvalidDsnException("DSN has no host");
			}
			if (!HOST_NAME.matcher(host).matches()) {
				throw new InvalidDsnException("DSN host '" + printable(host) + "' is not a valid host name or address");
			}
		}
		return new String[] { host, port };
	}

	private static int parsePort(String port) throws InvalidDsnException {
		if (port.isEmpty()) {
			return DEFAULT_PORT;
		}
		if (port.length() > 5 || !port.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new InvalidDsnException("DSN port '" + printable(port) + "' is not a number between 1 and 65535");
		}
		int value = Integer.parseInt(port);
		if (value < 1 || value > 65535) {
			throw new InvalidDsnException("DSN port '" + port + "' is not a number between 1 and 65535");
		}
		return value;
	}

	private static String parseDatabase(String path) throws InvalidDsnException {
		if (path == null || path.isEmpty()) {
			return DEFAULT_DATABASE;
		}
		if (path.indexOf('/') >= 0) {
			throw new InvalidDsnException("DSN path '/" + printable(path) + "' must be a single database name");
		}
		String database = percentDecode(path, "database");
		if (database.indexOf('\0') >= 0) {
			throw new InvalidDsnException("DSN database name must not contain NUL");
		}
		return database;
	}

	private static Map<String, String> parseParameters(String query) throws InvalidDsnException {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (query == null || query.isEmpty()) {
			return Collections.unmodifiableMap(parameters);
		}
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String key = percentDecode((equals >= 0) ? pair.substring(0, equals) : pair, "parameter name");
			String value = (equals >= 0) ? percentDecode(pair.substring(equals + 1), "parameter '" + key + "'") : "";
			if (key.isEmpty()) {
				throw new InvalidDsnException("DSN query has a parameter without a name");
			}
			String lowerKey = key.toLowerCase(Locale.ROOT);
			if (lowerKey.equals("sslmode")) {
				checkSslMode(value);
				continue;
			}
			if (RESERVED_PARAMETERS.contains(lowerKey)) {
				throw new InvalidDsnException("DSN parameter '" + key + "' is not allowed: teesql-jdbc sets it itself"
						+ " (role and secret belong in the user and password parts of the URI)");
			}
			parameters.put(key, value);
		}
		return Collections.unmodifiableMap(parameters);
	}

	private static void checkSslMode(String value) throws InvalidDsnException {
		switch (value.toLowerCase(Locale.ROOT)) {
			case "", "disable", "allow", "prefer", "require" -> {
				// RA-TLS replaces Postgres TLS; these modes are satisfied by construction.
			}
			case "verify-ca", "verify-full" -> throw new InvalidDsnException("sslmode=" + value
					+ " cannot be used: teesql-jdbc performs TLS itself and trusts the server through its TDX quote,"
					+ " not a certificate authority; remove sslmode from the DSN");
			default -> throw new InvalidDsnException("sslmode '" + printable(value) + "' is not a valid sslmode;"
					+ " teesql-jdbc performs TLS itself, remove sslmode from the DSN");
		}
	}

	private static String percentDecode(String value, String what) throws InvalidDsnException {
		if (value.indexOf('%') < 0) {
			return value;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '%') {
				int hi = (i + 2 < value.length()) ? Hex.digit(value.charAt(i + 1)) : -1;
				int lo = (i + 2 < value.length()) ? Hex.digit(value.charAt(i + 2)) : -1;
				if (hi < 0 || lo < 0) {
					throw new InvalidDsnException("DSN " + what + " has an invalid percent-escape at position " + i);
				}
				bytes.write((hi << 4) | lo);
				i += 2;
			}
			else {
				byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				bytes.write(encoded, 0, encoded.length);
			}
		}
		try {
			return StrictUtf8.decode(bytes.toByteArray());
		}
		catch (CharacterCodingException ex) {
			throw new InvalidDsnException("DSN " + what + " is not valid UTF-8 after percent-decoding");
		}
	}

	// Keeps messages readable and single-line even when the input contains control characters.
	private static String printable(String value) {
		StringBuilder out = new StringBuilder();
		// A misplaced cluster secret (e.g. parsed as the port when the host is missing) must not be echoed.
		value.replaceAll("[0-9A-Fa-f]{64}", "<64 hex characters not shown>").codePoints().limit(100).forEach((cp) -> {
			if (Character.isISOControl(cp)) {
				out.append(String.format("\\u%04x", cp));
			}
			else {
				out.appendCodePoint(cp);
			}
		});
		return out.toString();
	}

	/**
	 * Return a copy with the given cluster secret.
	 * @param secret the 64-hex-character cluster secret
	 * @return a new DSN
	 * @throws InvalidDsnException if the secret is malformed
	 */
	public TeeSqlDsn withSecret(String secret) throws InvalidDsnException {
		validateSecret(secret);
		return new TeeSqlDsn(this.scheme, this.role, secret, this.host, this.port, this.database, this.parameters);
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	public String database() {
		return this.database;
	}

	/**
	 * The Postgres role (the URI's user part).
	 * @return the role
	 */
	public String role() {
		return this.role;
	}

	/**
	 * The cluster secret (the URI's password part), if present.
	 * @return the secret
	 */
	public Optional<String> secret() {
		return Optional.ofNullable(this.secret);
	}

	/**
	 * Query parameters in their original order, percent-decoded, without {@code sslmode}.
	 * @return an unmodifiable map
	 */
	public Map<String, String> parameters() {
		return this.parameters;
	}

	/**
	 * The host as it appears in a URI: IPv6 literals in brackets.
	 * @return the URI host
	 */
	public String uriHost() {
		return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]" : this.host;
	}

	@Override
	public boolean equals(Object obj) {
		if (this == obj) {
			return true;
		}
		if (!(obj instanceof TeeSqlDsn other)) {
			return false;
		}
		return this.port == other.port && this.role.equals(other.role) && Objects.equals(this.secret, other.secret)
				&& this.host.equals(other.host) && this.database.equals(other.database)
				&& this.parameters.equals(other.parameters);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.role, this.host, this.port, this.database, this.parameters);
	}

	@Override
	public String toString() {
		StringBuilder uri = new StringBuilder(this.scheme).append("://").append(this.role);
		if (this.secret != null) {
			uri.append(":****");
		}
		uri.append('@').append(uriHost()).append(':').append(this.port).append('/').append(encode(this.database));
		String separator = "?";
		for (Map.Entry<String, String> parameter : this.parameters.entrySet()) {
			uri.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
			separator = "&";
		}
		return uri.toString();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
