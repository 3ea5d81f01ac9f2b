package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.InvalidDsnException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link InvalidDsnFailureAnalyzer} in isolation, on the exceptions the DSN parser really throws.
 */
class InvalidDsnFailureAnalyzerTests {

	private static final String SECRET = "ab".repeat(32);

	private final InvalidDsnFailureAnalyzer analyzer = new InvalidDsnFailureAnalyzer();

	@Test
	void secretInTheUserPartSaysWhereTheSecretBelongsWithoutShowingIt() {
		InvalidDsnException ex = parseFailure("postgresql://" + SECRET + "@db.example.com/app");
		FailureAnalysis analysis = this.analyzer.analyze(new IllegalStateException("wrapped", ex));
		assertThat(analysis.getDescription()).startsWith("teesql.url carries the cluster secret in its user part")
			.contains("not shown");
		assertThat(analysis.getAction()).contains("teesql.cluster-secret").contains("postgresql://role:<secret>@");
		assertThat(analysis.getDescription() + analysis.getAction()).doesNotContainIgnoringCase(SECRET.substring(0, 16));
		assertThat(analysis.getCause()).isSameAs(ex);
	}

	@Test
	void nonAsciiDigitsInTheSecretAreReportedAsMalformed() {
		String fullWidth = "\uFF10".repeat(64);
		InvalidDsnException ex = parseFailure("postgresql://teesql_read:" + fullWidth + "@db.example.com/app");
		FailureAnalysis analysis = this.analyzer.analyze(ex);
		assertThat(analysis.getDescription()).startsWith("The cluster secret is malformed")
			.contains("ASCII hex")
			.doesNotContain("\uFF10");
	}

	private static InvalidDsnException parseFailure(String uri) {
		return catchThrowableOfType(InvalidDsnException.class, () -> TeeSqlDsn.parse(uri));
	}

}
