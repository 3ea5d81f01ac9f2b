package com.teesql.jdbc.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Properties;

import javax.net.SocketFactory;

import com.teesql.jdbc.errors.TeeSqlException;

/**
 * pgjdbc {@code socketFactory} that returns sockets already connected, TLS-handshaken and attested by a registered
 * {@link RaTlsConnector}. Use it with {@code sslmode=disable}: TLS is done here, not by pgjdbc.
 * <p>
 * pgjdbc creates one instance per connection attempt with the merged connection {@link Properties} and calls only
 * {@link #createSocket()}. The instance keeps the connector it first used, so a cancel request (which pgjdbc sends
 * through the same factory instance) reaches the same backend.
 */
public class RaTlsSocketFactory extends SocketFactory {

	/** Connection property naming the registered connector. */
	public static final String CONNECTOR_PROPERTY = "teesqlConnector";

	private final String connectorName;

	private volatile RaTlsConnector connector;

	/**
	 * Constructor used by pgjdbc.
	 * @param info the connection properties
	 */
	public RaTlsSocketFactory(Properties info) {
		this.connectorName = info.getProperty(CONNECTOR_PROPERTY);
	}

	@Override
	public Socket createSocket() throws IOException {
		RaTlsConnector target = this.connector;
		if (target == null) {
			if (this.connectorName == null || this.connectorName.isBlank()) {
				throw new TeeSqlException("JDBC property " + CONNECTOR_PROPERTY + " is not set; build the URL with "
						+ "TeeSqlJdbcUrls.jdbcUrl(dsn, connectorName) so that " + getClass().getSimpleName()
						+ " knows which registered connector to use");
			}
			target = ConnectorRegistry.get(this.connectorName);
			this.connector = target;
		}
		return target.connect();
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
				+ "the target comes from the registered connector, not from the caller");
	}

}
