package com.teesql.jdbc.tls;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.teesql.jdbc.dsn.TeeSqlDsn;

/**
 * Builds pgjdbc URLs that route through {@link RaTlsSocketFactory}.
 */
public final class TeeSqlJdbcUrls {

	private TeeSqlJdbcUrls() {
	}

	/**
	 * The JDBC URL for a DSN and a registered connector. Never contains the cluster secret: pass role and secret as
	 * the {@code user} and {@code password} connection properties.
	 * @param dsn the DSN
	 * @param connectorName the name the connector is registered under
	 * @return the JDBC URL
	 */
	public static String jdbcUrl(TeeSqlDsn dsn, String connectorName) {
		StringBuilder url = new StringBuilder("jdbc:postgresql://").append(dsn.uriHost())
			.append(':')
			.append(dsn.port())
			.append('/')
			.append(encode(dsn.database()))
			.append("?socketFactory=")
			.append(RaTlsSocketFactory.class.getName())
			.append("&sslmode=disable&")
			.append(RaTlsSocketFactory.CONNECTOR_PROPERTY)
			.append('=')
			.append(encode(connectorName));
		for (Map.Entry<String, String> parameter : dsn.parameters().entrySet()) {
			url.append('&').append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
		}
		return url.toString();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
