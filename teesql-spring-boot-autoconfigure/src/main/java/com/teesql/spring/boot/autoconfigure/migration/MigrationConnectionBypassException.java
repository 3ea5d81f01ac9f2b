package com.teesql.spring.boot.autoconfigure.migration;

import java.util.List;

/**
 * Thrown at startup when a schema-migration tool is given a connection of its own (for example
 * {@code spring.flyway.url}) while the TeeSQL starter is configured: that connection would be a plain JDBC
 * connection that bypasses RA-TLS, so the migrations would run against a server nobody verified. Explained by
 * {@code MigrationConnectionBypassFailureAnalyzer}.
 *
 * @author teesql-spring-boot
 */
public class MigrationConnectionBypassException extends IllegalStateException {

	private final String tool;

	private final List<String> properties;

	/**
	 * Creates a new exception.
	 * @param tool the migration tool, for example {@code Flyway}
	 * @param properties the properties that were set (names only: values may be credentials)
	 */
	public MigrationConnectionBypassException(String tool, List<String> properties) {
		super(tool + " is configured with a connection of its own (" + String.join(", ", properties)
				+ "), which would bypass RA-TLS; remove it so migrations run through the attested DataSource");
		this.tool = tool;
		this.properties = List.copyOf(properties);
	}

	/**
	 * The migration tool whose own connection was refused.
	 * @return the tool's name, for example {@code Flyway}
	 */
	public String getTool() {
		return this.tool;
	}

	/**
	 * The properties that were set.
	 * @return the property names, in the order checked
	 */
	public List<String> getProperties() {
		return this.properties;
	}

}
