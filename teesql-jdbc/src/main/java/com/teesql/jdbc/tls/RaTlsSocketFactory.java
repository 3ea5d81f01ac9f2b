package com.teesql.jdbc.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Properties;

import javax.net.SocketFactory;

import com.teesql.jdbc.errors.TeeSqlException;

/**
 * pgjdbc {@code socketFactory} that returns sockets already connected, TLS-handshaken and attested by a
 * {@link RaTlsConnector}. Use it with {@code sslmode=disable}: TLS is done here, not by pgjdbc.
 * <p>
 * The connector comes from the {@link ConnectorRegistry}: the one registered under the name in the
 * {@value #CONNECTOR_PROPERTY} connection property when that is set (the Spring Boot starter does so), else the
 * connector the URL's host, port and {@code teesql*} properties describe ({@link JdbcConnectionProperties}), created on
 * first use and shared by every connection with the same settings. A plain JDBC URL is therefore enough.
 * <p>
 * pgjdbc creates one instance per connection attempt with the merged connection {@link Properties} and calls only
 * {@link #createSocket()}. The instance keeps the connector it first used, so a cancel request (which pgjdbc sends
 * through the same factory instance) reaches the same backend.
 */
public class RaTlsSocketFactory extends SocketFactory {

	/** Connection property naming a registered connector; when set, the {@code teesql*} settings are not read. */
	public static final String CONNECTOR_PROPERTY = "teesqlConnector";

	private final Properties info;

	private volatile RaTlsConnector connector;

	/**
	 * Constructor used by pgjdbc.
	 * @param info the connection properties
	 */
	public RaTlsSocketFactory(Properties info) {
		// A copy, defaults included (pgjdbc chains the user's properties as defaults of the URL's).
		this.info = new Properties();
		for (String name : info.stringPropertyNames()) {
			this.info.setProperty(name, info.getProperty(name));
		}
	}

	@Override
	public Socket createSocket() throws IOException {
		RaTlsConnector target = this.connector;
		if (target == null) {
			target = connector();
			this.connector = target;
		}
		return target.connect();
	}

	private RaTlsConnector connector() throws TeeSqlException {
		String name = this.info.getProperty(CONNECTOR_PROPERTY);
		if (name != null && !name.isBlank()) {
			return ConnectorRegistry.get(name);
		}
		RaTlsConnectorConfig config = JdbcConnectionProperties.config(this.info);
		try {
			return ConnectorRegistry.forSettings(config);
		}
		catch (TeeSqlException ex) {
			throw ex.withTarget(config.target());
		}
	}

	@Override
	public Socket createSocket(String host, int port) {
		throw unsupported();
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
		throw unsupported();
	}

	@Override
	public Socket createSocket(InetAddress host, int port) {
		throw unsupported();
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
		throw unsupported();
	}

	private static UnsupportedOperationException unsupported() {
		return new UnsupportedOperationException("RaTlsSocketFactory only supports createSocket() without arguments: "
				+ "the target comes from the connection properties, not from the caller");
	}

}
