package com.teesql.jdbc.errors;

/**
 * The DSN is not a usable TeeSQL URI. The message names what is wrong but never echoes the cluster secret.
 */
public class InvalidDsnException extends TeeSqlException {

	private static final long serialVersionUID = 1L;

	/** Message for anything that is not a {@code postgresql://} or {@code postgres://} URI. */
	public static final String URI_FORM_REQUIRED = "teesql-jdbc requires a URI-form DSN (postgresql://user:pw@host:port/db)";

	/**
	 * Message for a user part that is a cluster secret. Names no value: the secret is exactly what must not be shown.
	 */
	public static final String SECRET_IN_USER_PART = "DSN user part is 64 hex characters: that is a cluster secret, "
			+ "not a Postgres role (value not shown). Put the role in the user part and the secret in the password "
			+ "part (postgresql://teesql_readwrite:<secret>@host:5433/db), or with Spring Boot in teesql.cluster-secret";

	public InvalidDsnException(String message) {
		super(message);
	}

	public InvalidDsnException(String message, Throwable cause) {
		super(message, cause);
	}

}
