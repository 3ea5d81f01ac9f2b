package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.fail;

/**
 * Starts a real {@link SpringApplication} that is expected to fail, and reads the failure report Boot printed.
 *
 * @param failure what {@link SpringApplication#run} threw
 * @param description the report's description
 * @param action the report's action
 * @param output everything printed during the run
 */
record FailedStartup(Throwable failure, String description, String action, String output) {

	private static final String BANNER = "APPLICATION FAILED TO START";

	private static final String DESCRIPTION = "Description:";

	private static final String ACTION = "Action:";

	static FailedStartup run(CapturedOutput output, Map<String, Object> properties) {
		return run(output, ConnectingApplication.class, properties);
	}

	static FailedStartup run(CapturedOutput output, Class<?> application, Map<String, Object> properties) {
		return run(output, application, properties, null);
	}

	/**
	 * Runs with the given class loader (for example a {@code FilteredClassLoader} hiding a module), or the default
	 * one when {@code null}.
	 */
	static FailedStartup run(CapturedOutput output, Class<?> application, Map<String, Object> properties,
			ClassLoader classLoader) {
		int start = output.toString().length();
		SpringApplication app = new SpringApplication(application);
		if (classLoader != null) {
			app.setResourceLoader(new DefaultResourceLoader(classLoader));
		}
		app.setWebApplicationType(WebApplicationType.NONE);
		app.setRegisterShutdownHook(false);
		Map<String, Object> defaults = new LinkedHashMap<>(properties);
		defaults.putIfAbsent("spring.main.banner-mode", "off");
		app.setDefaultProperties(defaults);
		Throwable failure = null;
		try {
			ConfigurableApplicationContext context = app.run();
			context.close();
		}
		catch (Throwable ex) {
			failure = ex;
		}
		String printed = output.toString().substring(start);
		if (failure == null) {
			fail("The application started although it was misconfigured; output:%n%s", printed);
		}
		int banner = printed.lastIndexOf(BANNER);
		if (banner < 0) {
			fail("No '%s' report was printed; output:%n%s", BANNER, printed);
		}
		String report = printed.substring(banner);
		int description = report.indexOf(DESCRIPTION);
		int action = report.indexOf(ACTION, description);
		if (description < 0 || action < 0) {
			fail("The failure report has no description or action:%n%s", report);
		}
		return new FailedStartup(failure, report.substring(description + DESCRIPTION.length(), action).strip(),
				report.substring(action + ACTION.length()).strip(), printed);
	}

}
