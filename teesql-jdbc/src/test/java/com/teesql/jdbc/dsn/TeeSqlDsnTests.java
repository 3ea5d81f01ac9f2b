package com.teesql.jdbc.dsn;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.teesql.jdbc.errors.InvalidDsnException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TeeSqlDsnTests {

	private static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

	// Starts with a letter, so it is also a valid SQL identifier.
	private static final String LETTER_SECRET = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";

	@Test
	void parsesFullUri() throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse("postgresql://teesql_readwrite:" + SECRET
				+ "@db.example.com:6543/my%20db?application_name=app%26x&connectTimeout=5");
		assertThat(dsn.role()).isEqualTo("teesql_readwrite");
		assertThat(dsn.secret()).contains(SECRET);
		assertThat(dsn.host()).isEqualTo("db.example.com");
		assertThat(dsn.port()).isEqualTo(6543);
		assertThat(dsn.database()).isEqualTo("my db");
		assertThat(dsn.parameters()).containsExactly(Map.entry("application_name", "app&x"),
				Map.entry("connectTimeout", "5"));
	}

	@Test
	void appliesDefaultsForPortDatabaseAndSecret() throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse("postgres://chain_indexer_writer@cluster.teesql.com");
		assertThat(dsn.role()).isEqualTo("chain_indexer_writer");
		assertThat(dsn.secret()).isEmpty();
		assertThat(dsn.port()).isEqualTo(5433);
		assertThat(dsn.database()).isEqualTo("postgres");
		assertThat(dsn.parameters()).isEmpty();
	}

	@Test
	void acceptsIpv6LiteralAndUpperCaseSecret() throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse("postgresql://teesql_read:" + SECRET.toUpperCase() + "@[::1]:7000/db");
		assertThat(dsn.host()).isEqualTo("::1");
		assertThat(dsn.uriHost()).isEqualTo("[::1]");
		assertThat(dsn.port()).isEqualTo(7000);
		assertThat(dsn.secret()).contains(SECRET.toUpperCase());
	}

	@Test
	void percentDecodesUserInfo() throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse("postgresql://teesql%5Fread:" + SECRET.substring(0, 62) + "%65%66@h/db");
		assertThat(dsn.role()).isEqualTo("teesql_read");
		assertThat(dsn.secret()).contains(SECRET.substring(0, 62) + "ef");
	}

	@ParameterizedTest
	@ValueSource(strings = { "host=localhost port=5433 user=teesql_read", "mysql://u@h/db", "jdbc:postgresql://h/db",
			"POSTGRESQL://u@h/db", "", "postgresql:/u@h" })
	void rejectsNonUriFormsWithTheDocumentedMessage(String dsn) {
		assertThatExceptionOfType(InvalidDsnException.class).isThrownBy(() -> TeeSqlDsn.parse(dsn))
			.withMessage("teesql-jdbc requires a URI-form DSN (postgresql://user:pw@host:port/db)");
	}

	@Test
	void rejectsNull() {
		assertThatExceptionOfType(InvalidDsnException.class).isThrownBy(() -> TeeSqlDsn.parse(null))
			.withMessage(InvalidDsnException.URI_FORM_REQUIRED);
	}

	@Test
	void rejectsBadPorts() {
		for (String port : List.of("abc", "0", "65536", "99999999", "-1")) {
			assertThatExceptionOfType(InvalidDsnException.class)
				.isThrownBy(() -> TeeSqlDsn.parse("postgresql://r@h:" + port + "/db"))
				.withMessageContaining("port '" + port + "'");
		}
	}

	@Test
	void rejectsMissingHost() {
		assertThatExceptionOfType(InvalidDsnException.class).isThrownBy(() -> TeeSqlDsn.parse("postgresql://r@/db"))
			.withMessage("DSN has no host");
		assertThatExceptionOfType(InvalidDsnException.class).isThrownBy(() -> TeeSqlDsn.parse("postgresql://r@:5433/db"))
			.withMessage("DSN has no host");
	}

	@Test
	void rejectsBadHosts() {
		assertThatExceptionOfType(InvalidDsnException.class)
			.isThrownBy(() -> TeeSqlDsn.parse("postgresql://r@bad host/db"))
			.withMessageContaining("'bad host'");
		assertThatExceptionOfType(InvalidDsnException.class).isThrownBy(() -> TeeSqlDsn.parse("postgresql://r@[::1/db"))
			.withMessageContaining("IPv6");
	}

	@Test
	void rejectsMissingAndInvalidRoles() {
		assertThatExceptionOfType(InvalidDsnException.class).isThrownBy(() -> TeeSqlDsn.parse("postgresql://h:5433/db"))
			.withMessageContaining("no role");
		assertThatExceptionOfType(InvalidDsnException.class)
			.isThrownBy(() -> TeeSqlDsn.parse("postgresql://1role@h/db"))
			.withMessageContaining("role '1role'");
		assertThatExceptionOfType(InvalidDsnException.class)
			.isThrownBy(() -> TeeSqlDsn.parse("postgresql://ro%20le@h/db"))
			.withMessageContaining("role 'ro le'");
	}

	@Test
	void rejectsBadSecretsWithoutEchoingThem() {
		String shortSecret = "deadbeefcafe";
		assertThatExceptionOfType(InvalidDsnException.class)
			.isThrownBy(() -> TeeSqlDsn.parse("postgresql://r:" + shortSecret + "@h/db"))
			.withMessageContaining("64 hex characters")
			.withMessageContaining("got 12 characters")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(shortSecret));
		String nonHex = "z" + SECRET.substring(1);
		assertThatExceptionOfType(InvalidDsnException.class)
			.isThrownBy(() -> TeeSqlDsn.parse("postgresql://r:" + nonHex + "@h/db"))
			.withMessageContaining("hex characters")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(nonHex));
		assertThatExceptionOfType(InvalidDsnException.class)
			.isThrownBy(() -> TeeSqlDsn.parse("postgresql://r:@h/db"))
			.withMessageContaining("got 0 characters");
	}

	@Test
	void isValidSecret() {
		assertThat(TeeSqlDsn.isValidSecret(SECRET)).isTrue();
		assertThat(TeeSqlDsn.isValidSecret(SECRET.toUpperCase())).isTrue();
		assertThat(TeeSqlDsn.isValidSecret(SECRET + "0")).isFalse();
		assertThat(TeeSqlDsn.isValidSecret(SECRET.replace('a', 'g'))).isFalse();
		assertThat(TeeSqlDsn.isValidSecret(null)).isFalse();
	}

	@Test
	void withSecretValidates() throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse("postgresql://teesql_read@h/db");
		assertThat(dsn.withSecret(SECRET).secret()).contains(SECRET);
		assertThat(dsn.secret()).isEmpty();
		assertThatExceptionOfType(InvalidDsnException.class).isThrownBy(() -> dsn.withSecret("nope"))
			.withMessageContaining("64 hex characters");
	}

	@Test
	void toStringMasksTheSecret() throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse("postgresql://teesql_read:" + SECRET + "@h:5433/db?application_name=a%20b");
		assertThat(dsn.toString()).isEqualTo("postgresql://teesql_read:****@h:5433/db?application_name=a%20b")
			.doesNotContain(SECRET);
		assertThat(TeeSqlDsn.parse("postgres://teesql_read@[::1]").toString())
			.isEqualTo("postgres://teesql_read@[::1]:5433/postgres");
	}

	@ParameterizedTest
	@ValueSource(strings = { "disable", "prefer", "require", "REQUIRE" })
	void dropsCompatibleSslModes(String mode) throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse("postgresql://r@h/db?sslmode=" + mode + "&a=b");
		assertThat(dsn.parameters()).containsExactly(Map.entry("a", "b"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "verify-ca", "verify-full" })
	void rejectsVerifyingSslModes(String mode) {
		assertThatExceptionOfType(InvalidDsnException.class)
			.isThrownBy(() -> TeeSqlDsn.parse("postgresql://r@h/db?sslmode=" + mode))
			.withMessageContaining("sslmode=" + mode)
			.withMessageContaining("teesql-jdbc performs TLS itself")
			.withMessageContaining("TDX quote")
			.withMessageContaining("remove sslmode");
	}

	@ParameterizedTest
	@ValueSource(strings = { "socketFactory=x", "password=p", "user=u", "teesqlConnector=c", "sslfactory=f" })
	void rejectsParametersTeeSqlControls(String parameter) {
		assertThatExceptionOfType(InvalidDsnException.class)
			.isThrownBy(() -> TeeSqlDsn.parse("postgresql://r@h/db?" + parameter))
			.withMessageContaining("'" + parameter.substring(0, parameter.indexOf('=')) + "' is not allowed");
	}

	@Test
	void rejectsMalformedEscapesAndPaths() {
		assertThatExceptionOfType(InvalidDsnException.class).isThrownBy(() -> TeeSqlDsn.parse("postgresql://r@h/d%zz"))
			.withMessageContaining("percent-escape");
		assertThatExceptionOfType(InvalidDsnException.class).isThrownBy(() -> TeeSqlDsn.parse("postgresql://r@h/a/b"))
			.withMessageContaining("single database name");
		assertThatExceptionOfType(InvalidDsnException.class).isThrownBy(() -> TeeSqlDsn.parse("postgresql://r@h/d#x"))
			.withMessageContaining("fragment");
	}

	// A secret starting with a-f is a valid SQL identifier: without a dedicated check it became the role and was
	// printed by toString() and every message naming the role.
	@ParameterizedTest
	@ValueSource(strings = { "postgresql://%s@h:5433/db", "postgresql://%s:%s@h/db", "postgres://%s@h",
			"postgresql://%%%s@h/db" })
	void refusesASecretInTheUserPartWithoutEchoingIt(String form) {
		for (String secret : List.of(LETTER_SECRET, LETTER_SECRET.toUpperCase(), SECRET)) {
			String uri = form.startsWith("postgresql://%%") ? "postgresql://%" + Integer.toHexString(secret.charAt(0))
					+ secret.substring(1) + "@h/db" : form.formatted(secret, secret);
			assertThatExceptionOfType(InvalidDsnException.class).isThrownBy(() -> TeeSqlDsn.parse(uri))
				.withMessage(InvalidDsnException.SECRET_IN_USER_PART)
				.satisfies((ex) -> assertNoPartOf(secret, ex.getMessage()));
		}
	}

	@Test
	void secretInUserPartMessageSaysWhereTheSecretBelongs() {
		assertThat(InvalidDsnException.SECRET_IN_USER_PART).contains("password part")
			.contains("teesql.cluster-secret")
			.contains("value not shown");
	}

	@Test
	void refusesRolesLongerThanPostgresAllowsWithoutEchoingThem() throws Exception {
		String role = "r" + LETTER_SECRET;
		assertThatExceptionOfType(InvalidDsnException.class)
			.isThrownBy(() -> TeeSqlDsn.parse("postgresql://" + role + ":" + SECRET + "@h/db"))
			.withMessageContaining("65 characters")
			.satisfies((ex) -> assertNoPartOf(LETTER_SECRET, ex.getMessage()));
		String longest = "r".repeat(63);
		assertThat(TeeSqlDsn.parse("postgresql://" + longest + "@h/db").role()).isEqualTo(longest);
	}

	@Test
	void rolesThatOnlyLookLikeHexAreAccepted() throws Exception {
		assertThat(TeeSqlDsn.parse("postgresql://deadbeef@h/db").role()).isEqualTo("deadbeef");
		String almost = LETTER_SECRET.substring(1);
		assertThat(TeeSqlDsn.parse("postgresql://" + almost + "@h/db").role()).isEqualTo(almost);
	}

	// Character.digit accepts the digits of every script: 64 full-width zeros passed as a secret.
	@Test
	void secretsAreAsciiHexOnly() throws Exception {
		String fullWidthZeros = "\uFF10".repeat(64);
		String arabicIndicDigits = "\u0660".repeat(64);
		for (String notHex : List.of(fullWidthZeros, arabicIndicDigits, SECRET.substring(1) + "\uFF41")) {
			assertThat(TeeSqlDsn.isValidSecret(notHex)).as(notHex).isFalse();
			assertThatExceptionOfType(InvalidDsnException.class)
				.isThrownBy(() -> TeeSqlDsn.parse("postgresql://r:" + notHex + "@h/db"))
				.withMessageContaining("ASCII hex characters")
				.withMessageContaining("value not shown");
			TeeSqlDsn dsn = TeeSqlDsn.parse("postgresql://r@h/db");
			assertThatExceptionOfType(InvalidDsnException.class).isThrownBy(() -> dsn.withSecret(notHex))
				.withMessageContaining("ASCII hex characters");
		}
	}

	@Test
	void percentEscapesAreAsciiHexOnly() {
		assertThatExceptionOfType(InvalidDsnException.class)
			.isThrownBy(() -> TeeSqlDsn.parse("postgresql://r@h/d%\uFF14\uFF11"))
			.withMessageContaining("percent-escape");
	}

	private static void assertNoPartOf(String secret, String text) {
		for (int i = 0; i + 16 <= secret.length(); i += 8) {
			assertThat(text).doesNotContainIgnoringCase(secret.substring(i, i + 16));
		}
	}

}
