package com.teesql.spring.boot.autoconfigure.r2dbc;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link R2dbcConnectionBypassException}: R2DBC was given a connection of its own, which would bypass
 * RA-TLS.
 *
 * @author teesql-spring-boot
 */
class R2dbcConnectionBypassFailureAnalyzer extends AbstractFailureAnalyzer<R2dbcConnectionBypassException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, R2dbcConnectionBypassException cause) {
		String properties = String.join(", ", cause.getProperties());
		String description = "R2DBC is configured with a connection of its own (" + properties + " set). That "
				+ "would be a plain R2DBC connection that bypasses RA-TLS: a server whose TDX quote nobody verified, "
				+ "with credentials other than the ones the TeeSQL starter takes from teesql.url.";
		String action = "Remove " + properties + ": with the TeeSQL starter, the R2DBC ConnectionFactory connects "
				+ "through the attested RA-TLS connector of teesql.url (the leader, in manifest mode) and needs no "
				+ "URL, user or password of its own. Pool settings (spring.r2dbc.pool.*) still apply.";
		return new FailureAnalysis(description, action, cause);
	}

}
