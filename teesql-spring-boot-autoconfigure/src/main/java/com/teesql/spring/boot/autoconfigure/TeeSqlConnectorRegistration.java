package com.teesql.spring.boot.autoconfigure;

import com.teesql.jdbc.tls.ConnectorRegistry;
import com.teesql.jdbc.tls.RaTlsConnector;

/**
 * An {@link RaTlsConnector} registered under a name that pgjdbc-created socket factories look up. Closing the
 * registration (on context close) removes the connector from the registry and releases it.
 *
 * @author teesql-spring-boot
 */
public final class TeeSqlConnectorRegistration implements AutoCloseable {

	private final String name;

	private final RaTlsConnector connector;

	TeeSqlConnectorRegistration(String name, RaTlsConnector connector) {
		this.name = name;
		this.connector = connector;
		ConnectorRegistry.register(name, connector);
	}

	/**
	 * Name under which the connector is registered (the {@code teesqlConnector} connection property).
	 * @return the registry key
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The live connector.
	 * @return the connector
	 */
	public RaTlsConnector getConnector() {
		return this.connector;
	}

	@Override
	public void close() {
		ConnectorRegistry.unregister(this.name);
	}

}
