package com.teesql.r2dbc;

import java.time.Duration;

import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.tls.ConnectorRegistry;
import com.teesql.jdbc.tls.RaTlsConnector;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ConnectionFactoryProvider;
import io.r2dbc.spi.Option;

/**
 * Lets {@code ConnectionFactories.get(options)} (and so Spring Boot's R2DBC auto-configuration and r2dbc-pool) create
 * an {@link AttestedConnectionFactory}: driver {@value #DRIVER}, the connector in {@link #CONNECTOR} (the
 * {@link RaTlsConnector} itself, or the name it is registered under in {@link ConnectorRegistry}), and the
 * standard {@code user}, {@code password}, {@code database} options. Host, port, negotiation and timeouts are the
 * connector's: the options cannot point the factory anywhere the connector does not verify.
 */
public final class TeeSqlConnectionFactoryProvider implements ConnectionFactoryProvider {

	/** The R2DBC driver name. */
	public static final String DRIVER = "teesql";

	/** The connector: an {@link RaTlsConnector}, or the name it is registered under. */
	public static final Option<Object> CONNECTOR = Option.valueOf("teesqlConnector");

	/** The PostgreSQL {@code application_name}. */
	public static final Option<String> APPLICATION_NAME = Option.valueOf("applicationName");

	/** The PostgreSQL {@code statement_timeout}. */
	public static final Option<Duration> STATEMENT_TIMEOUT = Option.valueOf("statementTimeout");

	@Override
	public AttestedConnectionFactory create(ConnectionFactoryOptions options) {
		Object user = options.getRequiredValue(ConnectionFactoryOptions.USER);
		Object password = options.getRequiredValue(ConnectionFactoryOptions.PASSWORD);
		Object database = options.getValue(ConnectionFactoryOptions.DATABASE);
		Object applicationName = options.getValue(APPLICATION_NAME);
		Object statementTimeout = options.getValue(STATEMENT_TIMEOUT);
		return AttestedConnectionFactory.builder(connector(options.getRequiredValue(CONNECTOR)))
			.username(user.toString())
			.password((password instanceof CharSequence sequence) ? sequence : password.toString())
			.database((database != null) ? database.toString() : null)
			.driverSettings((driver) -> {
				if (applicationName != null) {
					driver.applicationName(applicationName.toString());
				}
				if (statementTimeout != null) {
					driver.statementTimeout((statementTimeout instanceof Duration duration) ? duration
							: Duration.parse(statementTimeout.toString()));
				}
			})
			.build();
	}

	private static RaTlsConnector connector(Object value) {
		if (value instanceof RaTlsConnector connector) {
			return connector;
		}
		try {
			return ConnectorRegistry.get(value.toString());
		}
		catch (TeeSqlException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Override
	public boolean supports(ConnectionFactoryOptions options) {
		return DRIVER.equals(options.getValue(ConnectionFactoryOptions.DRIVER));
	}

	@Override
	public String getDriver() {
		return DRIVER;
	}

}
