package com.teesql.spring.boot.autoconfigure.r2dbc;

import java.util.List;

/**
 * Thrown at startup when {@code spring.r2dbc.url}, {@code spring.r2dbc.username} or {@code spring.r2dbc.password} is
 * set while the TeeSQL starter is configured: they describe a plain R2DBC connection that bypasses RA-TLS (Boot would
 * silently ignore them in favour of the attested one, or, where the application builds its own factory from them,
 * connect to a server nobody verified). Explained by {@code R2dbcConnectionBypassFailureAnalyzer}.
 *
 * @author teesql-spring-boot
 */
public class R2dbcConnectionBypassException extends IllegalStateException {

	private final List<String> properties;

	/**
	 * Creates a new exception.
	 * @param properties the properties that were set (names only: values may be credentials)
	 */
	public R2dbcConnectionBypassException(List<String> properties) {
		super("R2DBC is configured with a connection of its own (" + String.join(", ", properties)
				+ "), which would bypass RA-TLS; remove it so R2DBC connects through the attested ConnectionFactory");
		this.properties = List.copyOf(properties);
	}

	/**
	 * The properties that were set.
	 * @return the property names, in the order checked
	 */
	public List<String> getProperties() {
		return this.properties;
	}

}
