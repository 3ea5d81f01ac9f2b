package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.errors.GuestAgentUnavailableException;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains a {@link GuestAgentUnavailableException}: the dstack guest agent that issues this application's RA-TLS
 * client certificate cannot be reached.
 *
 * @author teesql-spring-boot
 */
class GuestAgentUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<GuestAgentUnavailableException> {

	// The exception's message ends with advice, which belongs in the action.
	private static final String ADVICE_START = ". In production";

	private final Environment environment;

	GuestAgentUnavailableFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, GuestAgentUnavailableException cause) {
		String message = String.valueOf(cause.getMessage());
		int advice = message.indexOf(ADVICE_START);
		String problem = (advice >= 0) ? message.substring(0, advice) : message;
		String description = "No RA-TLS client certificate could be obtained, so no connection to "
				+ ConnectionTarget.of(cause).describe() + " was attempted: " + problem + ".";
		String configured = Binder.get(this.environment).bind("teesql.dstack.endpoint", String.class).orElse(null);
		String action = """
				- In production, mount /var/run/dstack.sock into your container (or set teesql.dstack.endpoint to \
				the guest agent's socket).
				- In development, start the dstack simulator and point teesql.dstack.endpoint or the \
				DSTACK_SIMULATOR_ENDPOINT environment variable at it.
				teesql.dstack.endpoint is currently %s.""".formatted((configured != null) ? "'" + configured + "'"
				: "not set (DSTACK_SIMULATOR_ENDPOINT, then the standard socket paths are used)");
		return new FailureAnalysis(description, action, cause);
	}

}
