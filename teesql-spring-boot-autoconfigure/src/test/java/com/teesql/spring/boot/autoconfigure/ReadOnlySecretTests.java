package com.teesql.spring.boot.autoconfigure;

import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.InvalidDsnException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code teesql.read-only.cluster-secret} is held to the form of the main cluster secret.
 */
class ReadOnlySecretTests {

	private static final String SECRET = "5e".repeat(32);

	private static final String READ_SECRET = "a7".repeat(32);

	@Test
	void unsetUsesTheMainSecret() throws Exception {
		assertThat(TeeSqlManifestConfiguration.readSecret(new TeeSqlProperties(), details())).isEqualTo(SECRET);
	}

	@Test
	void wellFormedSecretIsUsedTrimmed() throws Exception {
		TeeSqlProperties properties = new TeeSqlProperties();
		properties.getReadOnly().setClusterSecret(" " + READ_SECRET + "\n");
		assertThat(TeeSqlManifestConfiguration.readSecret(properties, details())).isEqualTo(READ_SECRET);
	}

	@Test
	void malformedOrNonAsciiSecretIsRefusedNamingThePropertyNotTheValue() {
		for (String bad : new String[] { "password", "\uFF10".repeat(64), READ_SECRET + "0" }) {
			TeeSqlProperties properties = new TeeSqlProperties();
			properties.getReadOnly().setClusterSecret(bad);
			assertThatExceptionOfType(InvalidDsnException.class)
				.isThrownBy(() -> TeeSqlManifestConfiguration.readSecret(properties, details()))
				.withMessageStartingWith("cluster secret in teesql.read-only.cluster-secret")
				.withMessageContaining("ASCII hex")
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(bad));
		}
	}

	private static TeeSqlConnectionDetails details() throws InvalidDsnException {
		TeeSqlDsn dsn = TeeSqlDsn.parse("postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app");
		return () -> dsn;
	}

}
