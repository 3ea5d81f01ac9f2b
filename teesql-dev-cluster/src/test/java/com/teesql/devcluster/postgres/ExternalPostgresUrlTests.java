package com.teesql.devcluster.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ExternalPostgresUrl}.
 */
class ExternalPostgresUrlTests {

	@Test
	void parsesEveryPart() {
		ExternalPostgresUrl url = ExternalPostgresUrl.parse("postgresql://admin:s%40cret@db.example:6543/app");
		assertThat(url.adminUser()).isEqualTo("admin");
		assertThat(url.adminPassword()).isEqualTo("s@cret");
		assertThat(url.host()).isEqualTo("db.example");
		assertThat(url.port()).isEqualTo(6543);
		assertThat(url.database()).isEqualTo("app");
		assertThat(url.toString()).doesNotContain("cret");
	}

	@Test
	void defaultsPortAndDatabaseAndAcceptsShortSchemeAndIpv6() {
		ExternalPostgresUrl url = ExternalPostgresUrl.parse("postgres://admin:pw+1@[::1]");
		assertThat(url.host()).isEqualTo("::1");
		assertThat(url.port()).isEqualTo(5432);
		assertThat(url.database()).isEqualTo("postgres");
		assertThat(url.adminPassword()).isEqualTo("pw+1");
	}

	@Test
	void rejectsOtherSchemesWithoutShowingThePassword() {
		assertThatExceptionOfType(DevPostgresException.class)
			.isThrownBy(() -> ExternalPostgresUrl.parse("mysql://root:topsecret@h:1/db"))
			.withMessageContaining(DevPostgres.EXTERNAL_URL_ENV)
			.withMessageContaining("scheme")
			.withMessageContaining("@h:1/db")
			.withMessageNotContaining("topsecret");
	}

	@Test
	void rejectsMissingUserOrHost() {
		assertThatExceptionOfType(DevPostgresException.class)
			.isThrownBy(() -> ExternalPostgresUrl.parse("postgresql://db.example:5432/app"))
			.withMessageContaining("no admin user");
		assertThatExceptionOfType(DevPostgresException.class)
			.isThrownBy(() -> ExternalPostgresUrl.parse("postgresql://admin:topsecret"))
			.withMessageNotContaining("topsecret");
		assertThatExceptionOfType(DevPostgresException.class).isThrownBy(() -> ExternalPostgresUrl.parse(" "))
			.withMessageContaining("empty");
	}

}
