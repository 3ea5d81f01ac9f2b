package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.sql.SQLException;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains the sidecar's {@code pg_auth_inject failed: ...} (SQLState 28000): the cluster secret was accepted, but
 * the sidecar could not log in to PostgreSQL as the role.
 *
 * @author teesql-spring-boot
 */
class CredentialInjectionFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

	private static final String INVALID_AUTHORIZATION = "28000";

	private static final String PREFIX = "pg_auth_inject failed: ";

	private final BeanFactory beanFactory;

	private final Environment environment;

	CredentialInjectionFailureAnalyzer(BeanFactory beanFactory, Environment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
		SQLException refusal = TeeSqlServerErrors.find(rootFailure, INVALID_AUTHORIZATION, PREFIX);
		if (refusal == null || !TeeSqlServerErrors.isTeeSqlApplication(this.beanFactory)) {
			return null;
		}
		String message = String.valueOf(refusal.getMessage());
		String reason = message.substring(message.indexOf(PREFIX) + PREFIX.length()).trim();
		ConnectionTarget target = ConnectionTarget.configured(this.environment);
		String role = (target.role() != null) ? "'" + target.role() + "'" : "the requested role";
		String description = "pg_auth_inject failed: " + reason + ". The TeeSQL sidecar of " + target.describe()
				+ " accepted the cluster secret for role " + role + ", but PostgreSQL itself rejected the login.";
		String action;
		if (reason.startsWith("early eof")) {
			action = "The most common cause is that the cluster bring-up did not provision the role " + role
					+ " in PostgreSQL. Ask the cluster operator to re-provision it; changing the cluster secret or "
					+ "the client configuration will not help.";
		}
		else {
			action = "The sidecar could not complete the login to its PostgreSQL. Ask the cluster operator to check "
					+ "PostgreSQL on the cluster (curl -s " + target.healthUrl() + ") and the sidecar's log.";
		}
		return new FailureAnalysis(description, action, refusal);
	}

}
