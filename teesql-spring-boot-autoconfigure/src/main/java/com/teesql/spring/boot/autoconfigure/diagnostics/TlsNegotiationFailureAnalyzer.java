package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.errors.TlsNegotiationException;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains a {@link TlsNegotiationException}: TLS could not be started with the server at all, typically because
 * the port is not a TeeSQL sidecar's or {@code teesql.ssl-negotiation} does not match it.
 *
 * @author teesql-spring-boot
 */
class TlsNegotiationFailureAnalyzer extends AbstractFailureAnalyzer<TlsNegotiationException> {

	private final Environment environment;

	TlsNegotiationFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TlsNegotiationException cause) {
		ConnectionTarget target = ConnectionTarget.of(cause);
		String negotiation = Binder.get(this.environment)
			.bind("teesql.ssl-negotiation", String.class)
			.orElse("direct");
		String description = "TLS handshake failed: TLS could not be negotiated with " + target.describe()
				+ " (teesql.ssl-negotiation=" + negotiation + "): " + cause.getMessage()
				+ ". (A TeeSQL sidecar logs such failures as 'WARN TLS handshake failed'.)";
		StringBuilder action = new StringBuilder();
		if (String.valueOf(cause.getMessage()).contains("replied 'N'")) {
			action.append("The server answered the PostgreSQL SSLRequest with 'N': it speaks PostgreSQL without TLS "
					+ "and is not a TeeSQL sidecar. ");
		}
		action.append("Check that teesql.url names the sidecar's RA-TLS port (5433 on a TeeSQL CVM, not PostgreSQL's "
				+ "5432)");
		if (target.port() == 5432) {
			action.append("; it currently uses 5432");
		}
		action.append(".\nMake teesql.ssl-negotiation match the endpoint: 'direct' (the default, required behind a "
				+ "dstack gateway) sends the TLS ClientHello first, 'postgres' sends the PostgreSQL SSLRequest first.\n"
				+ "Do not put sslmode in teesql.url: teesql-jdbc performs TLS itself.");
		return new FailureAnalysis(description, action.toString(), cause);
	}

}
