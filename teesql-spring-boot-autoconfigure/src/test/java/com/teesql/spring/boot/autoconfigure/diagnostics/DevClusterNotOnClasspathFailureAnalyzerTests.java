package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.sql.Connection;
import java.util.Map;

import javax.sql.DataSource;

import com.teesql.devcluster.DevCluster;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.devcluster.DevClusterNotOnClasspathException;
import com.teesql.spring.boot.autoconfigure.devcluster.TeeSqlDevClusterAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.devcluster.TeeSqlDevClusterMissingAutoConfiguration;
import com.teesql.testsupport.Causes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code teesql.dev-cluster.enabled=true} without teesql-dev-cluster on the classpath (as in a packaged application
 * jar) stops the application with a report that says what to add. The dev cluster module is hidden with a
 * {@link FilteredClassLoader}; nothing is started.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevClusterNotOnClasspathFailureAnalyzerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TeeSqlDevClusterMissingAutoConfiguration.class,
				TeeSqlDevClusterAutoConfiguration.class, TeeSqlAutoConfiguration.class,
				DataSourceAutoConfiguration.class))
		.withUserConfiguration(DataSourceUser.class);

	@Test
	void enabledWithoutTheModuleFailsBeforeAnyBeanIsCreated() {
		this.runner.withClassLoader(new FilteredClassLoader(DevCluster.class))
			.withPropertyValues("teesql.dev-cluster.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				// Not Boot's "no DataSource URL": the check runs before the DataSource user is created.
				assertThat(context.getStartupFailure()).isInstanceOf(DevClusterNotOnClasspathException.class)
					.hasMessage("teesql.dev-cluster.enabled is true but teesql-dev-cluster "
							+ "(com.teesql.devcluster.DevCluster) is not on the classpath");
				assertAnalysisSaysWhatToAdd(new DevClusterNotOnClasspathFailureAnalyzer()
					.analyze(context.getStartupFailure()));
			});
	}

	@Test
	void lazyInitialisationDoesNotSkipTheCheck() {
		this.runner.withClassLoader(new FilteredClassLoader(DevCluster.class))
			.withPropertyValues("teesql.dev-cluster.enabled=true")
			// What spring.main.lazy-initialization=true installs.
			.withInitializer((context) -> context
				.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.run((context) -> assertThat(context).getFailure().isInstanceOf(DevClusterNotOnClasspathException.class));
	}

	@Test
	void withoutThePropertyNothingIsChecked() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlDevClusterMissingAutoConfiguration.class,
					TeeSqlDevClusterAutoConfiguration.class, TeeSqlAutoConfiguration.class,
					DataSourceAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(DevCluster.class))
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://plain.example.com/app")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("teesqlDevClusterMissing"));
	}

	@Test
	void withTheModuleTheCheckBacksOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlDevClusterMissingAutoConfiguration.class))
			.withPropertyValues("teesql.dev-cluster.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("teesqlDevClusterMissing"));
	}

	@Test
	void analyzerFindsTheExceptionAnywhereInTheCauseChain() {
		Throwable failure = new BeanCreationException("someBean", "wrapped", new DevClusterNotOnClasspathException());
		assertAnalysisSaysWhatToAdd(new DevClusterNotOnClasspathFailureAnalyzer().analyze(failure));
	}

	@Test
	void realApplicationPrintsTheReport(CapturedOutput output) {
		FailedStartup startup = FailedStartup.run(output, DevClusterApplication.class,
				Map.of("teesql.dev-cluster.enabled", "true"), new FilteredClassLoader(DevCluster.class));
		Causes.find(startup.failure(), DevClusterNotOnClasspathException.class);
		assertThat(startup.description()).isEqualTo("teesql.dev-cluster.enabled is true, but teesql-dev-cluster is "
				+ "not on the classpath, so there is no dev cluster to start and connect to.");
		assertThat(startup.action()).contains("<artifactId>teesql-dev-cluster</artifactId>")
			.contains("testImplementation(\"com.teesql:teesql-dev-cluster:<version>\")")
			.contains("spring-boot:test-run")
			.contains("connect it to a cluster with teesql.url");
		assertThat(startup.output()).doesNotContain("'url' attribute is not specified");
	}

	private static void assertAnalysisSaysWhatToAdd(FailureAnalysis analysis) {
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("teesql.dev-cluster.enabled is true, but teesql-dev-cluster "
				+ "is not on the classpath");
		assertThat(analysis.getAction()).contains("<groupId>com.teesql</groupId>")
			.contains("<artifactId>teesql-dev-cluster</artifactId>")
			.contains("<scope>test</scope>")
			.contains("testImplementation(\"com.teesql:teesql-dev-cluster:<version>\")");
	}

	/** An application bean that needs the DataSource, created before any auto-configured bean. */
	@Configuration(proxyBeanMethods = false)
	static class DataSourceUser {

		@Bean
		InitializingBean connectAtStartup(DataSource dataSource) {
			return () -> {
				try (Connection connection = dataSource.getConnection()) {
					connection.isValid(5);
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ TeeSqlDevClusterMissingAutoConfiguration.class, TeeSqlDevClusterAutoConfiguration.class,
			TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class })
	@Import(DataSourceUser.class)
	static class DevClusterApplication {

	}

}
