package com.teesql.spring.boot.autoconfigure;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Random values for the {@code teesql.*} properties (durations, URLs, hex lists, enums, addresses, garbage): every
 * context either starts or fails with a message naming a {@code teesql.*} property, never quoting a secret, and
 * within a bounded time. Contexts start no pools and make no connections. Cases: {@code teesql.fuzz.tries} x 0.15
 * (150 by default); seed: {@code teesql.fuzz.seed}, read like teesql-jdbc's {@code Fuzz} does (fixed by the root pom,
 * {@code random} under {@code -Pfuzz-long}).
 */
class TeeSqlPropertiesBoundaryTests {

	private static final String SECRET = "5e" + "c".repeat(62);

	private static final String OTHER_SECRET = "0d" + "d".repeat(62);

	private static final String API_KEY = "ita-fuzz-key-77aa88bb99cc";

	private static final Logger logger = LoggerFactory.getLogger(TeeSqlPropertiesBoundaryTests.class);

	private static final long SEED = seed(System.getProperty("teesql.fuzz.seed"));

	/** A property name as Boot prints it, not part of a class name such as {@code com.teesql.jdbc}. */
	private static final Pattern NAMES_PROPERTY = Pattern.compile("(?<![\\w.])teesql\\.[a-z]|object 'teesql'");

	private static final String[] DURATION_PROPERTIES = { "teesql.connect-timeout", "teesql.handshake-timeout",
			"teesql.dstack.timeout", "teesql.sidecar.timeout", "teesql.attestation.cache-ttl",
			"teesql.attestation.dcap.timeout", "teesql.attestation.intel-trust-authority.timeout",
			"teesql.manifest.refresh-interval", "teesql.manifest.timeout", "teesql.manifest.clock-skew" };

	private static final String[] DURATIONS = { "0", "0s", "-1s", "1ms", "10s", "PT5S", "-PT1S", "P1D", "1h", "1x",
			"", " ", "9999999999999999999s", "1.5s", "abc", "1 s", "PT-0.001S", "1d", "NaN" };

	private static final String[] URL_PROPERTIES = { "teesql.url", "teesql.sidecar.http-url",
			"teesql.attestation.dcap.pccs-url",
			"teesql.attestation.intel-trust-authority.base-url",
			"teesql.attestation.intel-trust-authority.jwks-url", "teesql.dstack.endpoint" };

	private static final String[] URLS = { "", "http://", "https://x", "ftp://x/y", "http://127.0.0.1:0",
			"https://[::1]:99999", "http://a b", "%zz", "unix:", "unix:/nonexistent/sock", "postgresql://",
			"postgresql://u@h/db", "postgresql://teesql_readwrite:" + SECRET + "@", "postgresql://:" + SECRET + "@h:x/db",
			"postgresql://teesql_readwrite:" + SECRET + "@db.example.com:70000/app",
			"postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app?sslmode=require&x=%",
			"https://user:" + SECRET + "@example.com/", "http://example.com/?q=1#f", "jdbc:postgresql://h/db" };

	private static final String[] HEX_LIST_PROPERTIES = { "teesql.attestation.allowed-mrtd",
			"teesql.attestation.allowed-rtmr0", "teesql.attestation.allowed-rtmr3",
			"teesql.attestation.allowed-compose-hash", "teesql.attestation.allowed-app-id",
			"teesql.attestation.acceptable-tcb-statuses", "teesql.manifest.resolvers" };

	private static final String[] HEX_LISTS = { "", ",", "00", "zz", "0x" + "ab".repeat(48), "ab".repeat(48),
			"AB".repeat(48) + ",", "ab".repeat(47), "ab".repeat(49), "UpToDate", "Nonsense,UpToDate", "127.0.0.1:53",
			"[::1]:99999", "host:port", "1.2.3.4:-1", "ab".repeat(32) + "," + "cd".repeat(20) };

	private static final String[] ENUM_PROPERTIES = { "teesql.ssl-negotiation", "teesql.attestation.verifier" };

	private static final String[] ENUMS = { "direct", "DIRECT", "postgres", "dcap", "ita", "none", "", "x", "1" };

	private static final String[] OTHER_PROPERTIES = { "teesql.manifest.signer-address",
			"teesql.manifest.cluster-address", "teesql.cluster-secret", "teesql.read-only.cluster-secret",
			"teesql.read-only.enabled", "teesql.allow-simulator", "teesql.attestation.allow-debug-mode",
			"teesql.attestation.require-identity",
			"teesql.attestation.kms-root-ca", "teesql.attestation.dcap.root-ca",
			"teesql.attestation.dcap.collateral-dir", "teesql.attestation.intel-trust-authority.api-key" };

	private static final String[] OTHERS = { "", "true", "false", "yes", "0x" + "1".repeat(40), "0x" + "1".repeat(39),
			"0xZZ" + "1".repeat(38), "short", "classpath:missing.pem",
			"file:/nonexistent", "/nonexistent/dir" };

	/** Only secrets go into secret properties: Boot may rightly quote a bad value of an ordinary property. */
	private static final String[] SECRET_PROPERTIES = { "teesql.cluster-secret", "teesql.read-only.cluster-secret",
			"teesql.attestation.intel-trust-authority.api-key" };

	private static final String[] SECRETS = { OTHER_SECRET, OTHER_SECRET + "\n", OTHER_SECRET + "0", API_KEY,
			API_KEY + " \t" };

	/** The registered analyzers: what a user sees for a failed start is their report, not only the exceptions. */
	private static final List<FailureAnalyzer> ANALYZERS = SpringFactoriesLoader
		.forDefaultResourceLocation(TeeSqlPropertiesBoundaryTests.class.getClassLoader())
		.load(FailureAnalyzer.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
		}));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class));

	/**
	 * A decimal seed, or a random one for {@code random} or no setting; anything else fails rather than silently
	 * fuzzing with another seed.
	 */
	private static long seed(String setting) {
		if (setting == null || setting.isBlank() || setting.strip().equalsIgnoreCase("random")) {
			return new SecureRandom().nextLong();
		}
		try {
			return Long.parseLong(setting.strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"teesql.fuzz.seed must be a decimal seed or 'random', was '" + setting + "'", ex);
		}
	}

	@Test
	void randomPropertyValuesStartOrFailNamingAPropertyWithoutSecrets() {
		int cases = Math.max(20, (int) Math.round(Integer.getInteger("teesql.fuzz.tries", 1000) * 0.15));
		int started = 0;
		int failed = 0;
		for (int i = 0; i < cases; i++) {
			Random random = new Random(SEED ^ (0x9E3779B97F4A7C15L * (i + 1)));
			List<String> values = values(random);
			String where = "case " + i + " (-Dteesql.fuzz.seed=" + SEED + "): " + values;
			boolean[] outcome = new boolean[1];
			assertTimeoutPreemptively(Duration.ofSeconds(15), () -> this.runner
				.withPropertyValues(values.toArray(String[]::new))
				.run((context) -> {
					Throwable failure = context.getStartupFailure();
					outcome[0] = failure == null;
					if (failure != null) {
						String messages = messages(failure);
						assertThat(NAMES_PROPERTY.matcher(messages).find()).as("names a teesql.* property: " + where
								+ "\n" + messages).isTrue();
						assertThat(messages).as(where).doesNotContain(SECRET, OTHER_SECRET, API_KEY);
					}
				}), where);
			if (outcome[0]) {
				started++;
			}
			else {
				failed++;
			}
		}
		logger.info("fuzz teesql.* properties: {} cases (seed {}): {} started, {} failed", cases, SEED, started, failed);
		assertThat(started).as("contexts that started (seed %d)", SEED).isPositive();
		assertThat(failed).as("contexts that failed (seed %d)", SEED).isPositive();
	}

	@Test
	void pccsUrlWithoutHostNamesTheProperty() {
		this.runner
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app",
					"teesql.attestation.allowed-app-id=" + "0a".repeat(20),
					"teesql.attestation.dcap.pccs-url=postgresql://u@h/db")
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.containsPattern(NAMES_PROPERTY)
				.contains("teesql.attestation.dcap.pccs-url"));
	}

	private static List<String> values(Random random) {
		List<String> values = new ArrayList<>();
		values.add("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app");
		values.add("teesql.attestation.allowed-app-id=" + "0a".repeat(20));
		int count = 1 + random.nextInt(3);
		for (int i = 0; i < count; i++) {
			values.add(switch (random.nextInt(6)) {
				case 5 -> pick(SECRET_PROPERTIES, random) + "=" + pick(SECRETS, random);
				case 0 -> pick(DURATION_PROPERTIES, random) + "=" + pick(DURATIONS, random);
				case 1 -> url(pick(URL_PROPERTIES, random), pick(URLS, random));
				case 2 -> pick(HEX_LIST_PROPERTIES, random) + "=" + pick(HEX_LISTS, random);
				case 3 -> pick(ENUM_PROPERTIES, random) + "=" + pick(ENUMS, random);
				default -> pick(OTHER_PROPERTIES, random) + "=" + pick(OTHERS, random);
			});
		}
		return values;
	}

	/** Only {@code teesql.url} carries the secret: a non-secret URL property may rightly quote its bad value. */
	private static String url(String property, String value) {
		return property + "=" + ((property.equals("teesql.url") || !value.contains(SECRET)) ? value
				: value.replace(SECRET, "not-a-secret"));
	}

	private static String pick(String[] values, Random random) {
		return values[random.nextInt(values.length)];
	}

	/** Every message in the cause chain (including suppressed exceptions) and the first failure analysis. */
	private static String messages(Throwable failure) {
		StringBuilder out = new StringBuilder();
		appendMessages(failure, out, 0);
		for (FailureAnalyzer analyzer : ANALYZERS) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				out.append("analysis: ").append(analysis.getDescription()).append('\n').append(analysis.getAction())
					.append('\n');
				break;
			}
		}
		return out.toString();
	}

	private static void appendMessages(Throwable throwable, StringBuilder out, int depth) {
		if (throwable == null || depth > 20) {
			return;
		}
		out.append(throwable.getClass().getName()).append(": ").append(throwable.getMessage()).append('\n');
		out.append(throwable).append('\n');
		for (Throwable suppressed : throwable.getSuppressed()) {
			appendMessages(suppressed, out, depth + 1);
		}
		appendMessages(throwable.getCause(), out, depth + 1);
	}

}
