package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.sql.SQLException;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains the sidecar's {@code password authentication failed} (SQLState 28P01): the cluster secret was not accepted
 * for the requested role.
 *
 * @author teesql-spring-boot
 */
class PasswordAuthenticationFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

	private static final String INVALID_PASSWORD = "28P01";

	private final BeanFactory beanFactory;

	private final Environment environment;

	PasswordAuthenticationFailureAnalyzer(BeanFactory beanFactory, Environment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
		SQLException refusal = TeeSqlServerErrors.find(rootFailure, INVALID_PASSWORD, "password authentication failed");
		if (refusal == null || !TeeSqlServerErrors.isTeeSqlApplication(this.beanFactory)) {
			return null;
		}
		ConnectionTarget target = ConnectionTarget.configured(this.environment);
		String role = (target.role() != null) ? "'" + target.role() + "'" : "the requested role";
		String description = "Password authentication failed: the TeeSQL sidecar of " + target.describe()
				+ " did not recognise the cluster secret for role " + role + ".";
		String action = """
				Check:
				- The role (the user part of teesql.url) is teesql_read or teesql_readwrite; no other roles \
				authenticate with a cluster secret.
				- The password (teesql.cluster-secret, or the password part of teesql.url) is the cluster secret \
				as a 64-character hex string, not a PostgreSQL password.
				- Privilege downgrade is allowed (the read-write secret authenticates as teesql_read) but upgrade \
				is not (the read secret cannot authenticate as teesql_readwrite).""";
		return new FailureAnalysis(description, action, refusal);
	}

}
