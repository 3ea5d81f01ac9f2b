package com.teesql.jdbc.dsn;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.InvalidDsnException;
import com.teesql.jdbc.support.Fuzz;
import com.teesql.jdbc.support.JsonMutator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Fuzzes {@link TeeSqlDsn#parse(String)} with strings assembled from URI-significant tokens and with character
 * mutations of valid DSNs: it returns a consistent DSN or throws {@link InvalidDsnException}, and the cluster secret
 * contained in the input never appears in {@code toString()} or in an exception message. Sizes and seed: see
 * {@link Fuzz}.
 */
class TeeSqlDsnFuzzTests {

	private static final String SECRET = "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef";

	private static final String[] TOKENS = { "postgresql://", "postgres://", "@", ":", "/", "?", "&", "=", "#", "[",
			"]", "%", "%2", "%zz", "%41", "%c3%28", "%00", "%2F", "role", "teesql_read", "_r2", "9role", SECRET,
			"host", "db.example.com", "127.0.0.1", "::1", "fe80::1%eth0", "5433", "65536", "0", "99999999999",
			"sslmode", "require", "verify-full", "user", "password", "socketFactory", "app", "é", "\u0000", "\n",
			"\uD800", " ", "\u202E", "-", ".", "..", "_" };

	private static final String[] VALID = { "postgresql://teesql_read:" + SECRET + "@db.example.com:5433/app",
			"postgres://role@[::1]:5433/db?ApplicationName=x&sslmode=require", "postgresql://r:" + SECRET + "@h",
			"postgresql://r%5F1:" + SECRET + "@10.0.0.1/d%20b?a=b&c" };

	@Test
	void parseOnlyEverRefusesWithInvalidDsnExceptionAndNeverShowsTheSecret() throws Exception {
		Fuzz.Outcomes outcomes = Fuzz.<String>target("TeeSqlDsn.parse")
			.accepting(InvalidDsnException.class)
			.timeout(Duration.ofSeconds(2))
			.describedBy(TeeSqlDsnFuzzTests::escape)
			.run(Fuzz.tries(1), TeeSqlDsnFuzzTests::next, (uri) -> {
				try {
					TeeSqlDsn dsn = TeeSqlDsn.parse(uri);
					assertThat(dsn.host()).isNotEmpty();
					assertThat(dsn.port()).isBetween(1, 65535);
					assertThat(dsn.role()).matches("[A-Za-z_][A-Za-z0-9_]*");
					assertThat(dsn.database()).isNotNull().doesNotContain("\0");
					dsn.secret().ifPresent((secret) -> assertThat(TeeSqlDsn.isValidSecret(secret)).isTrue());
					assertThat(dsn.parameters().keySet()).noneMatch(String::isEmpty);
					if (dsn.secret().isPresent() && occurrences(uri, SECRET) == 1) {
						// Only the password held the secret, so nothing printed may show it.
						assertThat(dsn.toString()).doesNotContainIgnoringCase(SECRET);
					}
					dsn.uriHost();
					if (hasUnpairedSurrogate(uri)) {
						// Accepted as-is but not representable in UTF-8, so toString() cannot round-trip it.
						return;
					}
					// What toString() prints is a DSN again, naming the same endpoint.
					TeeSqlDsn reparsed = TeeSqlDsn.parse(dsn.toString().replace(":****@", "@"));
					assertThat(reparsed.host()).isEqualTo(dsn.host());
					assertThat(reparsed.port()).isEqualTo(dsn.port());
					assertThat(reparsed.database()).isEqualTo(dsn.database());
				}
				catch (InvalidDsnException ex) {
					if (containsPlainSecret(uri)) {
						// A rendered control character such as "\\u0001" is not the secret even where it spells it.
						String message = ex.getMessage().replaceAll("\\\\u[0-9a-fA-F]{4}", "\u2400");
						assertThat(message).as("message of a refusal").doesNotContainIgnoringCase(SECRET);
					}
					throw ex;
				}
			});
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

	@Test
	void misplacedSecretsAreNotEchoedInRefusals() {
		// Found by the fuzz run above: the secret was echoed as the port, the role or inside the path.
		for (String uri : new String[] { "postgresql://r@h:" + SECRET, "postgresql://" + SECRET + "@host",
				"postgresql://r:" + SECRET + "@h:5433/app/r:" + SECRET + "@h" }) {
			assertThatExceptionOfType(InvalidDsnException.class).isThrownBy(() -> TeeSqlDsn.parse(uri))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContainIgnoringCase(SECRET)
					.containsAnyOf("<64 hex characters not shown>", "(value not shown)"));
		}
	}

	private static String next(Random random) {
		if (random.nextInt(3) == 0) {
			String uri = VALID[random.nextInt(VALID.length)];
			int rounds = 1 + random.nextInt(3);
			for (int i = 0; i < rounds; i++) {
				uri = (random.nextBoolean()) ? JsonMutator.mutateText(uri, random)
						: insertToken(uri, random);
			}
			return uri;
		}
		StringBuilder uri = new StringBuilder(random.nextBoolean() ? "postgresql://" : "");
		int tokens = random.nextInt(14);
		for (int i = 0; i < tokens; i++) {
			uri.append((random.nextInt(8) == 0) ? String.valueOf((char) random.nextInt(0x10000))
					: TOKENS[random.nextInt(TOKENS.length)]);
		}
		return uri.toString();
	}

	/**
	 * Whether the secret occurs other than right after a '%' (there its first digits are part of an escape, and the
	 * decoded value no longer holds the secret even if its printed form happens to spell it).
	 */
	private static boolean containsPlainSecret(String uri) {
		String lower = uri.toLowerCase(java.util.Locale.ROOT);
		String secret = SECRET.toLowerCase(java.util.Locale.ROOT);
		for (int at = lower.indexOf(secret); at >= 0; at = lower.indexOf(secret, at + 1)) {
			if (!(at >= 1 && lower.charAt(at - 1) == '%') && !(at >= 2 && lower.charAt(at - 2) == '%')) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasUnpairedSurrogate(String text) {
		return text.codePoints().anyMatch((cp) -> cp >= 0xD800 && cp <= 0xDFFF);
	}

	private static int occurrences(String text, String part) {
		String lowerText = text.toLowerCase(java.util.Locale.ROOT);
		String lowerPart = part.toLowerCase(java.util.Locale.ROOT);
		int count = 0;
		for (int at = lowerText.indexOf(lowerPart); at >= 0; at = lowerText.indexOf(lowerPart, at + 1)) {
			count++;
		}
		return count;
	}

	private static String insertToken(String uri, Random random) {
		int at = random.nextInt(uri.length() + 1);
		return uri.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + uri.substring(at);
	}

	private static String escape(String value) {
		StringBuilder out = new StringBuilder("\"");
		value.chars().forEach((c) -> out.append((c < 0x20 || c > 0x7E) ? String.format("\\u%04x", c) : (char) c));
		return out.append('"').toString();
	}

}
