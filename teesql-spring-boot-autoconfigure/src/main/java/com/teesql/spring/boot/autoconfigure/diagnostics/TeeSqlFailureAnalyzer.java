package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.errors.TeeSqlException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains any {@link TeeSqlException} that no dedicated analyzer of the starter explains (the rows marked ‡ in the
 * README's troubleshooting tables), so that no refusal reaches the user as a bare stack trace. Every TeeSQL message
 * already names what was refused and why; this analyzer adds where the fix is documented.
 * <p>
 * Ordered last: Boot uses the first analyzer that returns an analysis, so every dedicated analyzer must be asked
 * first. Analyzers without an order share {@link Ordered#LOWEST_PRECEDENCE}; among equals Boot keeps the order of
 * {@code spring.factories}, where this analyzer is therefore listed last.
 *
 * @author teesql-spring-boot
 */
class TeeSqlFailureAnalyzer extends AbstractFailureAnalyzer<TeeSqlException> implements Ordered {

	static final String ACTION = "Look up this message in the \"Troubleshooting\" section of the teesql-spring-boot "
			+ "README (\"Errors of the connection troubleshooting guide\"): it names the cause and the teesql.* "
			+ "property or the operator step that fixes it. A refusal of the server's attestation is never fixed by "
			+ "relaxing a check the README does not name; if the message is not listed there, send it, with the "
			+ "exception chain above, to the cluster operator.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TeeSqlException cause) {
		// The messages never contain secrets (the connector masks them where it builds them).
		return new FailureAnalysis(cause.getMessage(), ACTION, cause);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
