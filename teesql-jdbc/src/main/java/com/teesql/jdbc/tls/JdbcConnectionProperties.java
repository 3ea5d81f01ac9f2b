package com.teesql.jdbc.tls;

import java.io.IOException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.QuoteVerifierSettings;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityConfig;
import com.teesql.jdbc.errors.InvalidConnectionPropertyException;

/**
 * The JDBC connection properties (URL parameters or {@link Properties} given to {@code DriverManager}) that describe a
 * connector on their own, so that a plain JDBC URL is enough to connect without Spring:
 *
 * <pre>
 * jdbc:postgresql://db.example.com:5433/app?socketFactory=com.teesql.jdbc.tls.RaTlsSocketFactory&amp;sslmode=disable
 *     &amp;teesqlAllowedAppId=0123...cdef
 * </pre>
 *
 * Each property mirrors the starter's {@code teesql.*} property of the same meaning and has the same default
 * ({@link RaTlsConnectorConfig}, {@link QuoteVerifierSettings}, {@link AttestationPolicy}). Lists are comma
 * separated; durations are ISO-8601 ({@code PT10S}) or a number with a unit ({@code 500ms}, {@code 10s},
 * {@code 5m}, {@code 1h}). Secrets never go into a URL: the Intel Trust Authority API key is read from
 * {@value IntelTrustAuthorityConfig#API_KEY_ENVIRONMENT_VARIABLE}, and the cluster secret is the {@code password}.
 * The target is the URL's host and port (one host only).
 */
public final class JdbcConnectionProperties {

	/** pgjdbc's property holding the URL's host(s). */
	static final String PG_HOST = "PGHOST";

	/** pgjdbc's property holding the URL's port(s). */
	static final String PG_PORT = "PGPORT";

	/** App ids the server must attest (an identity pin); {@code teesql.attestation.allowed-app-id}. */
	public static final String ALLOWED_APP_ID = "teesqlAllowedAppId";

	/** Compose hashes the server must attest (an identity pin); {@code teesql.attestation.allowed-compose-hash}. */
	public static final String ALLOWED_COMPOSE_HASH = "teesqlAllowedComposeHash";

	/** File of the KMS root the server's chain must anchor to (an identity pin); {@code teesql.attestation.kms-root-ca}. */
	public static final String KMS_ROOT_CA = "teesqlKmsRootCa";

	/** Allowed MRTDs; {@code teesql.attestation.allowed-mrtd}. */
	public static final String ALLOWED_MRTD = "teesqlAllowedMrtd";

	/** Prefix of the allowed RTMR0..3 values, for example {@code teesqlAllowedRtmr3}. */
	public static final String ALLOWED_RTMR = "teesqlAllowedRtmr";

	/** Accepted Intel TCB statuses; {@code teesql.attestation.acceptable-tcb-statuses}. */
	public static final String ACCEPTABLE_TCB_STATUSES = "teesqlAcceptableTcbStatuses";

	/** Accept debug TDs (never in production); {@code teesql.attestation.allow-debug-mode}. */
	public static final String ALLOW_DEBUG_MODE = "teesqlAllowDebugMode";

	/** The escape hatch {@code false} accepts any identity; {@code teesql.attestation.require-identity}. */
	public static final String REQUIRE_IDENTITY = "teesqlRequireIdentity";

	/** Verification cache time to live; {@code teesql.attestation.cache-ttl}. */
	public static final String CACHE_TTL = "teesqlCacheTtl";

	/** {@code dcap}, {@code intel-trust-authority} or {@code none}; {@code teesql.attestation.verifier}. */
	public static final String VERIFIER = "teesqlVerifier";

	/** PCCS or Intel PCS base URL; {@code teesql.attestation.dcap.pccs-url}. */
	public static final String PCCS_URL = "teesqlPccsUrl";

	/** Offline collateral directory; {@code teesql.attestation.dcap.collateral-dir}. */
	public static final String COLLATERAL_DIR = "teesqlCollateralDir";

	/** File of a DCAP trust anchor replacing Intel's (test platforms only); {@code teesql.attestation.dcap.root-ca}. */
	public static final String DCAP_ROOT_CA = "teesqlDcapRootCa";

	/** Timeout of each collateral request; {@code teesql.attestation.dcap.timeout}. */
	public static final String DCAP_TIMEOUT = "teesqlDcapTimeout";

	/** Intel Trust Authority base URL; {@code teesql.attestation.intel-trust-authority.base-url}. */
	public static final String ITA_BASE_URL = "teesqlItaBaseUrl";

	/** Intel Trust Authority key-set URL; {@code teesql.attestation.intel-trust-authority.jwks-url}. */
	public static final String ITA_JWKS_URL = "teesqlItaJwksUrl";

	/** Intel Trust Authority request timeout; {@code teesql.attestation.intel-trust-authority.timeout}. */
	public static final String ITA_TIMEOUT = "teesqlItaTimeout";

	/** Guest-agent endpoint (URL or Unix socket path); {@code teesql.dstack.endpoint}. */
	public static final String DSTACK_ENDPOINT = "teesqlDstackEndpoint";

	/** Guest-agent request timeout; {@code teesql.dstack.timeout}. */
	public static final String DSTACK_TIMEOUT = "teesqlDstackTimeout";

	/** Accept servers without attestation (never in production); {@code teesql.allow-simulator}. */
	public static final String ALLOW_SIMULATOR = "teesqlAllowSimulator";

	/** {@code direct} or {@code postgres}; {@code teesql.ssl-negotiation}. */
	public static final String SSL_NEGOTIATION = "teesqlSslNegotiation";

	/** TCP connect timeout; {@code teesql.connect-timeout}. */
	public static final String CONNECT_TIMEOUT = "teesqlConnectTimeout";

	/** RA-TLS handshake timeout; {@code teesql.handshake-timeout}. */
	public static final String HANDSHAKE_TIMEOUT = "teesqlHandshakeTimeout";

	private static final Pattern DURATION = Pattern.compile("([0-9]+)\\s*(ms|s|m|h)");

	/** Settings already parsed, by the property values that describe them (a process uses a handful). */
	private static final ConcurrentMap<Map<String, String>, RaTlsConnectorConfig> parsedConfigs = new ConcurrentHashMap<>();

	private JdbcConnectionProperties() {
	}

	/**
	 * The connector settings the connection properties describe.
	 * @param info the connection properties pgjdbc gives its socket factory (URL parameters included)
	 * @return the settings
	 * @throws InvalidConnectionPropertyException naming the property whose value is not valid
	 */
	public static RaTlsConnectorConfig config(Properties info) throws InvalidConnectionPropertyException {
		// pgjdbc builds a socket factory for every new connection: parse the properties (and read the certificate
		// files they name) once per distinct set of values, not once per connection. Refusals are not remembered.
		Map<String, String> values = relevantValues(info);
		RaTlsConnectorConfig parsed = parsedConfigs.get(values);
		if (parsed == null) {
			parsed = parse(info);
			parsedConfigs.putIfAbsent(values, parsed);
		}
		return parsed;
	}

	private static Map<String, String> relevantValues(Properties info) {
		Map<String, String> values = new TreeMap<>();
		for (String name : info.stringPropertyNames()) {
			if (name.startsWith("teesql") || name.equals(PG_HOST) || name.equals(PG_PORT)) {
				values.put(name, info.getProperty(name));
			}
		}
		return values;
	}

	private static RaTlsConnectorConfig parse(Properties info) throws InvalidConnectionPropertyException {
		String host = host(info);
		int port = port(info);
		RaTlsConnectorConfig.Builder builder = RaTlsConnectorConfig.builder(host, port);
		String negotiation = value(info, SSL_NEGOTIATION);
		if (negotiation != null) {
			builder.sslNegotiation(enumValue(SslNegotiation.class, SSL_NEGOTIATION, negotiation));
		}
		duration(info, CONNECT_TIMEOUT, builder::connectTimeout);
		duration(info, HANDSHAKE_TIMEOUT, builder::handshakeTimeout);
		duration(info, DSTACK_TIMEOUT, builder::dstackTimeout);
		duration(info, CACHE_TTL, builder::cacheTtl);
		bool(info, ALLOW_SIMULATOR, builder::allowSimulator);
		bool(info, REQUIRE_IDENTITY, builder::requireIdentity);
		builder.dstackEndpoint(value(info, DSTACK_ENDPOINT));
		builder.policy(policy(info));
		builder.verifier(verifier(info));
		String kmsRoot = value(info, KMS_ROOT_CA);
		if (kmsRoot != null) {
			builder.kmsRootCa(certificate(KMS_ROOT_CA, kmsRoot));
		}
		try {
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConnectionPropertyException("the TeeSQL connection properties are not valid: "
					+ ex.getMessage(), ex);
		}
	}

	private static String host(Properties info) throws InvalidConnectionPropertyException {
		String host = value(info, PG_HOST);
		if (host == null) {
			throw new InvalidConnectionPropertyException("the JDBC URL names no host: use "
					+ "jdbc:postgresql://host:port/database?socketFactory=" + RaTlsSocketFactory.class.getName());
		}
		if (host.indexOf(',') >= 0) {
			throw new InvalidConnectionPropertyException("the JDBC URL names several hosts (" + host + "); a TeeSQL "
					+ "connection goes to one sidecar: name the leader's host, or use the starter's leader discovery");
		}
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

	private static int port(Properties info) throws InvalidConnectionPropertyException {
		String port = value(info, PG_PORT);
		if (port == null) {
			return 5432;
		}
		try {
			return Integer.parseInt(port);
		}
		catch (NumberFormatException ex) {
			throw new InvalidConnectionPropertyException("the JDBC URL's port \"" + port + "\" is not a number", ex);
		}
	}

	private static AttestationPolicy policy(Properties info) throws InvalidConnectionPropertyException {
		AttestationPolicy.Builder policy = AttestationPolicy.builder();
		try {
			bool(info, ALLOW_DEBUG_MODE, policy::allowDebugMode);
			List<String> statuses = list(info, ACCEPTABLE_TCB_STATUSES);
			if (!statuses.isEmpty()) {
				policy.acceptableTcbStatuses(statuses);
			}
			policy.allowedMrtds(list(info, ALLOWED_MRTD));
			for (int i = 0; i < 4; i++) {
				policy.allowedRtmrs(i, list(info, ALLOWED_RTMR + i));
			}
			policy.allowedComposeHashes(list(info, ALLOWED_COMPOSE_HASH));
			policy.allowedAppIds(list(info, ALLOWED_APP_ID));
		}
		catch (IllegalArgumentException ex) {
			// The policy names the starter's property; say which connection property it is here.
			throw new InvalidConnectionPropertyException(
					"TeeSQL connection property not valid (" + jdbcNames(ex.getMessage()) + ")", ex);
		}
		return policy.build();
	}

	private static String jdbcNames(String message) {
		return message.replace("teesql.attestation.allowed-app-id", ALLOWED_APP_ID)
			.replace("teesql.attestation.allowed-compose-hash", ALLOWED_COMPOSE_HASH)
			.replace("teesql.attestation.allowed-mrtd", ALLOWED_MRTD)
			.replace("teesql.attestation.allowed-rtmr", ALLOWED_RTMR)
			.replace("teesql.attestation.acceptable-tcb-statuses", ACCEPTABLE_TCB_STATUSES);
	}

	private static QuoteVerifierSettings verifier(Properties info) throws InvalidConnectionPropertyException {
		QuoteVerifierSettings.Builder verifier = QuoteVerifierSettings.builder();
		String kind = value(info, VERIFIER);
		if (kind != null) {
			verifier.kind(enumValue(VerifierKind.class, VERIFIER, kind));
		}
		String pccsUrl = value(info, PCCS_URL);
		if (pccsUrl != null) {
			verifier.pccsUrl(httpUrl(PCCS_URL, pccsUrl));
		}
		String collateralDir = value(info, COLLATERAL_DIR);
		if (collateralDir != null) {
			verifier.collateralDir(path(COLLATERAL_DIR, collateralDir));
		}
		String rootCa = value(info, DCAP_ROOT_CA);
		if (rootCa != null) {
			verifier.dcapRootCa(certificate(DCAP_ROOT_CA, rootCa));
		}
		duration(info, DCAP_TIMEOUT, verifier::dcapTimeout);
		String baseUrl = value(info, ITA_BASE_URL);
		if (baseUrl != null) {
			verifier.itaBaseUrl(baseUrl);
		}
		String jwksUrl = value(info, ITA_JWKS_URL);
		if (jwksUrl != null) {
			verifier.itaJwksUrl(jwksUrl);
		}
		duration(info, ITA_TIMEOUT, verifier::itaTimeout);
		try {
			return verifier.build();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConnectionPropertyException("TeeSQL verifier properties not valid: " + ex.getMessage(),
					ex);
		}
	}

	private static String value(Properties info, String name) {
		String value = info.getProperty(name);
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private static List<String> list(Properties info, String name) {
		String value = value(info, name);
		if (value == null) {
			return List.of();
		}
		return Arrays.stream(value.split(",")).map(String::trim).filter((entry) -> !entry.isEmpty()).toList();
	}

	private static void bool(Properties info, String name, Consumer<Boolean> target)
			throws InvalidConnectionPropertyException {
		String value = value(info, name);
		if (value == null) {
			return;
		}
		if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
			throw new InvalidConnectionPropertyException(
					"TeeSQL connection property " + name + " must be true or false, got \"" + value + "\"");
		}
		target.accept(Boolean.parseBoolean(value));
	}

	private static void duration(Properties info, String name, Consumer<Duration> target)
			throws InvalidConnectionPropertyException {
		String value = value(info, name);
		if (value == null) {
			return;
		}
		Matcher matcher = DURATION.matcher(value.toLowerCase(Locale.ROOT));
		try {
			if (matcher.matches()) {
				long amount = Long.parseLong(matcher.group(1));
				target.accept(switch (matcher.group(2)) {
					case "ms" -> Duration.ofMillis(amount);
					case "s" -> Duration.ofSeconds(amount);
					case "m" -> Duration.ofMinutes(amount);
					default -> Duration.ofHours(amount);
				});
			}
			else {
				target.accept(Duration.parse(value));
			}
		}
		catch (DateTimeParseException | ArithmeticException | NumberFormatException ex) {
			throw new InvalidConnectionPropertyException("TeeSQL connection property " + name + " must be a duration "
					+ "such as 500ms, 10s, 5m, 1h or PT10S, got \"" + value + "\"", ex);
		}
	}

	private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String value)
			throws InvalidConnectionPropertyException {
		String constant = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
		try {
			return Enum.valueOf(type, constant);
		}
		catch (IllegalArgumentException ex) {
			List<String> allowed = Arrays.stream(type.getEnumConstants())
				.map((option) -> option.name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.toList();
			throw new InvalidConnectionPropertyException(
					"TeeSQL connection property " + name + " must be one of " + allowed + ", got \"" + value + "\"",
					ex);
		}
	}

	private static URI httpUrl(String name, String value) throws InvalidConnectionPropertyException {
		try {
			URI uri = URI.create(value);
			if (uri.getHost() != null
					&& ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
				return uri;
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw new InvalidConnectionPropertyException(
				"TeeSQL connection property " + name + " \"" + value + "\" is not an absolute http(s) URL");
	}

	private static Path path(String name, String value) throws InvalidConnectionPropertyException {
		try {
			return Path.of(value);
		}
		catch (InvalidPathException ex) {
			throw new InvalidConnectionPropertyException(
					"TeeSQL connection property " + name + " \"" + value + "\" is not a file path", ex);
		}
	}

	private static java.security.cert.X509Certificate certificate(String name, String file)
			throws InvalidConnectionPropertyException {
		try {
			return CertificateFiles.read(path(name, file));
		}
		catch (IOException ex) {
			throw new InvalidConnectionPropertyException("TeeSQL connection property " + name + " (" + file
					+ ") is not a readable PEM or DER X.509 certificate: " + ex.getMessage(), ex);
		}
	}

}
