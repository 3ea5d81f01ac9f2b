package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.util.List;
import java.util.Map;

import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.devcluster.TeeSqlDevClusterAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.migration.MigrationConnectionBypassException;
import com.teesql.spring.boot.autoconfigure.migration.TeeSqlFlywayAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.flyway.url} with the TeeSQL starter configured: a real application on the dev cluster stops before
 * Flyway connects, and the report names the property and says it bypasses RA-TLS. End to end, and the analyzer
 * alone.
 */
@ExtendWith(OutputCaptureExtension.class)
class MigrationConnectionBypassFailureAnalyzerTests {

	@Test
	void flywayUrlStopsTheApplicationWithGuidance(CapturedOutput output) {
		FailedStartup startup = FailedStartup.run(output, FlywayApplication.class,
				Map.of("teesql.dev-cluster.enabled", "true", "spring.flyway.url",
						"jdbc:postgresql://db.example.com:5432/app", "spring.flyway.password", "s3cr3t-value"));
		assertThat(startup.description()).startsWith("Flyway is configured with a connection of its own "
				+ "(spring.flyway.url, spring.flyway.password set). That connection would be a plain JDBC connection "
				+ "that bypasses RA-TLS");
		assertThat(startup.action()).startsWith("Remove spring.flyway.url, spring.flyway.password: with the TeeSQL "
				+ "starter, Flyway migrates through the application's attested DataSource");
		assertThat(startup.output()).doesNotContain("s3cr3t-value");
	}

	@Test
	void analyzerAlone() {
		MigrationConnectionBypassFailureAnalyzer analyzer = new MigrationConnectionBypassFailureAnalyzer();
		MigrationConnectionBypassException refusal = new MigrationConnectionBypassException("Flyway",
				List.of("spring.flyway.url"));
		FailureAnalysis analysis = analyzer.analyze(new IllegalStateException("Error creating bean", refusal));
		assertThat(analysis.getDescription()).contains("spring.flyway.url").contains("bypasses RA-TLS");
		assertThat(analysis.getAction()).startsWith("Remove spring.flyway.url");
		assertThat(analysis.getCause()).isSameAs(refusal);
		assertThat(analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ TeeSqlDevClusterAutoConfiguration.class, TeeSqlAutoConfiguration.class,
			TeeSqlFlywayAutoConfiguration.class, DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class })
	static class FlywayApplication {

	}

}
