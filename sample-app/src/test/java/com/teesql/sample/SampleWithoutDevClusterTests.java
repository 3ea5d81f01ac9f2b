package com.teesql.sample;

import com.teesql.devcluster.DevCluster;
import com.teesql.spring.boot.autoconfigure.devcluster.DevClusterNotOnClasspathException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The sample as its packaged jar runs it: without teesql-dev-cluster (test scope) on the classpath. Asking for the
 * dev cluster, or giving no cluster at all, stops it with a report that says what to do, not Boot's advice to add
 * H2. {@code .ci/sample-jar} checks the same with the real jar.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleWithoutDevClusterTests {

	@Test
	void devClusterEnabledSaysWhichDependencyToAdd(CapturedOutput output) {
		Throwable failure = run("--teesql.dev-cluster.enabled=true");
		assertThat(failure).isInstanceOf(DevClusterNotOnClasspathException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("teesql.dev-cluster.enabled is true, but teesql-dev-cluster is not on the classpath")
			.contains("<artifactId>teesql-dev-cluster</artifactId>")
			.doesNotContain("'url' attribute is not specified");
	}

	@Test
	void noClusterNamesTeesqlUrl(CapturedOutput output) {
		run();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("No TeeSQL cluster is configured: teesql.url is not set")
			.doesNotContain("H2, HSQL or Derby");
	}

	private static Throwable run(String... args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.setResourceLoader(new DefaultResourceLoader(new FilteredClassLoader(DevCluster.class)));
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setRegisterShutdownHook(false);
		Throwable failure = catchThrowable(() -> application.run(args).close());
		assertThat(failure).as("the sample started without a cluster").isNotNull();
		return failure;
	}

}
