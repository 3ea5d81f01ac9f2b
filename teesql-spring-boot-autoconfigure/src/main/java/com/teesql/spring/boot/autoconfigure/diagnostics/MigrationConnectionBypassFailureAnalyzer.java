package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.spring.boot.autoconfigure.migration.MigrationConnectionBypassException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link MigrationConnectionBypassException}: a migration tool was given a connection of its own, which
 * would bypass RA-TLS.
 *
 * @author teesql-spring-boot
 */
class MigrationConnectionBypassFailureAnalyzer extends AbstractFailureAnalyzer<MigrationConnectionBypassException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MigrationConnectionBypassException cause) {
		String properties = String.join(", ", cause.getProperties());
		String description = cause.getTool() + " is configured with a connection of its own (" + properties
				+ " set). That connection would be a plain JDBC connection that bypasses RA-TLS: the migrations "
				+ "would run against a server whose TDX quote nobody verified, with credentials other than the "
				+ "ones the TeeSQL starter takes from teesql.url.";
		String action = "Remove " + properties + ": with the TeeSQL starter, " + cause.getTool()
				+ " migrates through the application's attested DataSource (the leader, in manifest mode), so it "
				+ "needs no URL, user or password of its own. To migrate with another role, point teesql.url at that "
				+ "role in the deployment that runs the migrations.";
		return new FailureAnalysis(description, action, cause);
	}

}
