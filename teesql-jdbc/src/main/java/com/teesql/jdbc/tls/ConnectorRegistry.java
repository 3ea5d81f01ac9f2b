package com.teesql.jdbc.tls;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.teesql.jdbc.errors.TeeSqlException;

/**
 * Process-wide registry of named {@link RaTlsConnector connectors}. pgjdbc instantiates
 * {@link RaTlsSocketFactory} itself (one instance per connection attempt), so live objects such as the cached client
 * key reach it through this registry, keyed by the {@code teesqlConnector} connection property.
 */
public final class ConnectorRegistry {

	private static final ConcurrentMap<String, RaTlsConnector> connectors = new ConcurrentHashMap<>();

	private ConnectorRegistry() {
	}

	/**
	 * Register a connector under a name.
	 * @param name the name referenced by the JDBC URL
	 * @param connector the connector
	 * @throws IllegalStateException if the name is already registered
	 */
	public static void register(String name, RaTlsConnector connector) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("connector name must not be empty");
		}
		if (connector == null) {
			throw new IllegalArgumentException("connector must not be null");
		}
		if (connectors.putIfAbsent(name, connector) != null) {
			throw new IllegalStateException("a TeeSQL connector named '" + name + "' is already registered");
		}
	}

	/**
	 * Look up a connector.
	 * @param name the name
	 * @return the connector
	 * @throws TeeSqlException if no connector is registered under that name
	 */
	public static RaTlsConnector get(String name) throws TeeSqlException {
		RaTlsConnector connector = (name != null) ? connectors.get(name) : null;
		if (connector == null) {
			throw new TeeSqlException("TeeSQL connector '" + name + "' (JDBC property "
					+ RaTlsSocketFactory.CONNECTOR_PROPERTY + ") is not registered; "
					+ "was the application context or the connector already closed?");
		}
		return connector;
	}

	/**
	 * Remove a connector and close it.
	 * @param name the name
	 * @return {@code true} if a connector was removed
	 */
	public static boolean unregister(String name) {
		RaTlsConnector connector = (name != null) ? connectors.remove(name) : null;
		if (connector == null) {
			return false;
		}
		connector.close();
		return true;
	}

	/**
	 * The registered names.
	 * @return a sorted snapshot
	 */
	public static Set<String> names() {
		return new TreeSet<>(connectors.keySet());
	}

}
