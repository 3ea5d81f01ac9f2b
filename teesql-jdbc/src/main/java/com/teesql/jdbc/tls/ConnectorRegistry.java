package com.teesql.jdbc.tls;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.teesql.jdbc.errors.TeeSqlException;

/**
 * Process-wide registry of {@link RaTlsConnector connectors}. pgjdbc instantiates {@link RaTlsSocketFactory} itself
 * (one instance per connection attempt), so live objects such as the cached client key and the verification cache
 * reach it through this registry in one of two ways:
 * <ul>
 * <li>keyed by their settings ({@link #forSettings(RaTlsConnectorConfig)}): the connector a plain JDBC URL describes
 * is created on first use and shared by every later connection with equal settings, for the life of the process (as
 * the Cloud SQL socket factory does);</li>
 * <li>by name ({@link #register(String, RaTlsConnector)}): a connector built elsewhere (by the Spring Boot starter,
 * with its observers and listeners) and named by the {@code teesqlConnector} connection property.</li>
 * </ul>
 */
public final class ConnectorRegistry {

	private static final ConcurrentMap<String, RaTlsConnector> connectors = new ConcurrentHashMap<>();

	private static final ConcurrentMap<RaTlsConnectorConfig, RaTlsConnector> bySettings = new ConcurrentHashMap<>();

	private static final Object creation = new Object();

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
	 * The connector for these settings: the one created by an earlier call with equal settings, else a new one
	 * (built with the quote verifier the settings describe). A refused configuration is never cached, so a corrected
	 * one is tried again.
	 * @param config the settings
	 * @return the shared connector
	 * @throws TeeSqlException if no connector can be created with these settings (for example
	 * {@link com.teesql.jdbc.errors.IdentityNotPinnedException})
	 */
	public static RaTlsConnector forSettings(RaTlsConnectorConfig config) throws TeeSqlException {
		RaTlsConnector connector = bySettings.get(config);
		if (connector != null && !connector.isClosed()) {
			return connector;
		}
		// Creation is rare and cheap (no I/O), so one lock keeps two first connections from building two connectors.
		synchronized (creation) {
			connector = bySettings.get(config);
			if (connector == null || connector.isClosed()) {
				connector = new RaTlsConnector(config);
				bySettings.put(config, connector);
			}
			return connector;
		}
	}

	/**
	 * Close and forget every connector created by {@link #forSettings(RaTlsConnectorConfig)}, for example when a
	 * plain-Java application shuts down or a test ends. Connections opened by them stay open.
	 */
	public static void closeSettingsConnectors() {
		synchronized (creation) {
			bySettings.values().forEach(RaTlsConnector::close);
			bySettings.clear();
		}
	}

	/**
	 * The registered names.
	 * @return a sorted snapshot
	 */
	public static Set<String> names() {
		return new TreeSet<>(connectors.keySet());
	}

}
