package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.util.List;
import java.util.Map;

import com.teesql.devcluster.DevCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The TeeSQL starter with no cluster configured: the report names {@code teesql.url} instead of Boot's advice to put
 * H2 on the classpath. End to end with a real application, and the analyzer alone on Boot's real exception.
 */
@ExtendWith(OutputCaptureExtension.class)
class TeeSqlUrlMissingFailureAnalyzerTests {

	@Test
	void nothingConfiguredNamesTeesqlUrlInsteadOfAnEmbeddedDatabase(CapturedOutput output) {
		FailedStartup startup = FailedStartup.run(output, Map.of());
		assertThat(startup.description()).isEqualTo("No TeeSQL cluster is configured: teesql.url is not set, so the "
				+ "TeeSQL starter contributed no DataSource connection (and spring.datasource.url is not set either).");
		assertThat(startup.action()).startsWith("Set teesql.url to your cluster, for example "
				+ "postgresql://teesql_readwrite@your-cluster.teesql.com:5433/app, and teesql.cluster-secret")
			.contains("teesql.manifest.domain")
			.contains("teesql.dev-cluster.enabled=true with teesql-dev-cluster on the classpath")
			.contains("no profiles are currently active")
			.doesNotContain("H2");
	}

	@Test
	void manifestDomainWithoutUrlSaysWhatTheUrlIsStillFor(CapturedOutput output) {
		FailedStartup startup = FailedStartup.run(output, Map.of("teesql.manifest.domain", "db.example.com",
				"spring.profiles.active", "cluster"));
		assertThat(startup.description()).startsWith("teesql.manifest.domain is set but teesql.url is not: the "
				+ "DataSource takes the role, database and cluster secret from teesql.url");
		assertThat(startup.action()).startsWith("Set teesql.url, for example").contains("active profiles: cluster");
	}

	@Test
	void devClusterAskedForButAbsentSaysWhatToAdd(CapturedOutput output) {
		// ConnectingApplication imports only the TeeSQL and DataSource auto-configurations: the early check of
		// TeeSqlDevClusterMissingAutoConfiguration is absent and the DataSource is what fails.
		FailedStartup startup = FailedStartup.run(output, ConnectingApplication.class,
				Map.of("teesql.dev-cluster.enabled", "true"), new FilteredClassLoader(DevCluster.class));
		assertThat(startup.description()).isEqualTo(DevClusterNotOnClasspathFailureAnalyzer.DESCRIPTION);
		assertThat(startup.action()).contains("<artifactId>teesql-dev-cluster</artifactId>");
	}

	@Test
	void aSpringDatasourceUrlOfItsOwnGetsBootsReport(CapturedOutput output) {
		FailedStartup startup = FailedStartup.run(output,
				Map.of("spring.datasource.url", "jdbc:nosuchdatabase://db.example.com/app"));
		assertThat(startup.description()).startsWith("Failed to configure a DataSource")
			.contains("Failed to determine a suitable driver class");
	}

	@Test
	void analyzerAloneOnBootsRealException() throws Exception {
		Throwable failure = bootsMissingUrlException();
		assertThat(failure.getClass().getName()).isEqualTo(TeeSqlUrlMissingFailureAnalyzer.DATA_SOURCE_FAILURE);
		FailureAnalysis analysis = analyzer(new MockEnvironment()).analyze(new IllegalStateException("wrapped", failure));
		assertThat(analysis.getDescription()).startsWith("No TeeSQL cluster is configured: teesql.url is not set");
		assertThat(analysis.getCause()).isSameAs(failure);
		assertThat(analyzer(new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:mem:x"))
			.analyze(failure)).isNull();
		assertThat(analyzer(new MockEnvironment()).analyze(new IllegalStateException("unrelated"))).isNull();
	}

	@Test
	void runsBeforeBootsDataSourceAnalyzer() {
		MockEnvironment environment = new MockEnvironment();
		ArgumentResolver arguments = ArgumentResolver.of(Environment.class, environment)
			.and(org.springframework.beans.factory.BeanFactory.class, new DefaultListableBeanFactory());
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
			// Analyzers needing arguments that only a running application provides are skipped.
			.load(FailureAnalyzer.class, arguments, (type, name, failure) -> {
			});
		List<String> names = analyzers.stream().map((analyzer) -> analyzer.getClass().getSimpleName()).toList();
		assertThat(names).contains("DataSourceBeanCreationFailureAnalyzer");
		assertThat(names.indexOf("TeeSqlUrlMissingFailureAnalyzer"))
			.isLessThan(names.indexOf("DataSourceBeanCreationFailureAnalyzer"));
		assertThat(AnnotationAwareOrderComparator.INSTANCE.compare(analyzer(environment), analyzers.get(0)))
			.isLessThanOrEqualTo(0);
	}

	private static TeeSqlUrlMissingFailureAnalyzer analyzer(MockEnvironment environment) {
		return new TeeSqlUrlMissingFailureAnalyzer(new DefaultListableBeanFactory(), environment);
	}

	private static Throwable bootsMissingUrlException() throws Exception {
		DataSourceProperties properties = new DataSourceProperties();
		properties.setBeanClassLoader(TeeSqlUrlMissingFailureAnalyzerTests.class.getClassLoader());
		properties.afterPropertiesSet();
		return catchThrowable(properties::determineUrl);
	}

}
