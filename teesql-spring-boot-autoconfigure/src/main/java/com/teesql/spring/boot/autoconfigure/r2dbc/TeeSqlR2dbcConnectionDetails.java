package com.teesql.spring.boot.autoconfigure.r2dbc;

import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.r2dbc.TeeSqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactoryOptions;

import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;

/**
 * {@link R2dbcConnectionDetails} that make Boot's R2DBC {@code ConnectionFactory} (pooled by r2dbc-pool with every
 * {@code spring.r2dbc.pool.*} setting) an attested one: driver {@code teesql}, the application's RA-TLS connector,
 * and the role, secret and database of {@code teesql.url}. The options name no host or port: the connector's
 * target is the only one the factory can reach.
 *
 * @author teesql-spring-boot
 */
class TeeSqlR2dbcConnectionDetails implements R2dbcConnectionDetails {

	private final ConnectionFactoryOptions options;

	private final String description;

	TeeSqlR2dbcConnectionDetails(TeeSqlDsn dsn, RaTlsConnector connector) {
		ConnectionFactoryOptions.Builder builder = ConnectionFactoryOptions.builder()
			.option(ConnectionFactoryOptions.DRIVER, TeeSqlConnectionFactoryProvider.DRIVER)
			.option(TeeSqlConnectionFactoryProvider.CONNECTOR, connector)
			.option(ConnectionFactoryOptions.USER, dsn.role())
			.option(ConnectionFactoryOptions.PASSWORD, dsn.secret().orElseThrow());
		if (dsn.database() != null && !dsn.database().isEmpty()) {
			builder.option(ConnectionFactoryOptions.DATABASE, dsn.database());
		}
		this.options = builder.build();
		this.description = "TeeSqlR2dbcConnectionDetails[" + connector.config().host() + ":"
				+ connector.config().port() + ", user=" + dsn.role() + "]";
	}

	@Override
	public ConnectionFactoryOptions getConnectionFactoryOptions() {
		return this.options;
	}

	@Override
	public String toString() {
		return this.description;
	}

}
