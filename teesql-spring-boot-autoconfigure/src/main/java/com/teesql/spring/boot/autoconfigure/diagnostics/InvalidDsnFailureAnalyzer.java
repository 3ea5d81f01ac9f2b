package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.errors.InvalidDsnException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidDsnException}: {@code teesql.url} (or {@code teesql.cluster-secret}) cannot be used. The
 * URL itself is never echoed, since it may carry the cluster secret; the exception's message names the offending part
 * without it.
 *
 * @author teesql-spring-boot
 */
class InvalidDsnFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDsnException> {

	private static final String EXAMPLE = "postgresql://teesql_readwrite@your-cluster.teesql.com:5433/mydb";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidDsnException cause) {
		String message = String.valueOf(cause.getMessage());
		if (InvalidDsnException.URI_FORM_REQUIRED.equals(message)) {
			return new FailureAnalysis("teesql.url is not a URI-form DSN: " + message
					+ ". Key/value DSNs (host=... port=... user=...) and jdbc: URLs are not supported.",
					"Switch teesql.url to URI form, for example " + EXAMPLE + ", and put the 64-character hex "
							+ "cluster secret in teesql.cluster-secret (or as the password of the URI).",
					cause);
		}
		if (message.startsWith("sslmode")) {
			return new FailureAnalysis("teesql.url asks for a TLS mode that conflicts with RA-TLS: " + message + ".",
					"Remove sslmode from teesql.url: teesql-jdbc performs TLS itself and trusts the server through "
							+ "its TDX quote, not a certificate authority. To change how TLS starts, set "
							+ "teesql.ssl-negotiation (direct, the default, or postgres).",
					cause);
		}
		if (InvalidDsnException.SECRET_IN_USER_PART.equals(message)) {
			return new FailureAnalysis("teesql.url carries the cluster secret in its user part, where the Postgres "
					+ "role belongs (the value is not shown).",
					"Put the role in the user part of teesql.url (for example " + EXAMPLE + ") and the 64-character "
							+ "hex cluster secret in teesql.cluster-secret, preferably from an environment variable or "
							+ "secret store, or as the password of the URI (postgresql://role:<secret>@host:5433/db). "
							+ "If the URL was logged or committed anywhere, ask the operator to rotate the secret.",
					cause);
		}
		if (message.startsWith("No cluster secret")) {
			return new FailureAnalysis("teesql.url has no cluster secret: " + message + ".",
					"Set teesql.cluster-secret to the cluster secret (64 hexadecimal characters, from the cluster "
							+ "operator), preferably from an environment variable or secret store.",
					cause);
		}
		if (message.startsWith("cluster secret")) {
			return new FailureAnalysis("The cluster secret is malformed: " + message + ".",
					"Use the cluster secret as issued by the operator: exactly 64 hexadecimal characters, "
							+ "in teesql.cluster-secret or as the password of teesql.url. It is not a PostgreSQL "
							+ "password.",
					cause);
		}
		return new FailureAnalysis("teesql.url is not a usable TeeSQL connection URI: " + message + ".",
				"Fix teesql.url; it must have the form postgresql://role[:cluster-secret]@host[:port]/database, "
						+ "for example " + EXAMPLE + ".",
				cause);
	}

}
