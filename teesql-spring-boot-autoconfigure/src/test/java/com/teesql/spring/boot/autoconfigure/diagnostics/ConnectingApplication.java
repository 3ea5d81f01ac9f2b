package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.sql.Connection;

import javax.sql.DataSource;

import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A minimal application whose startup needs a database connection, as most real applications do (schema
 * initialisation, a warm-up query): Boot's Hikari pool only connects when it is first asked for a connection.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class })
class ConnectingApplication {

	@Bean
	InitializingBean connectAtStartup(DataSource dataSource) {
		return () -> {
			try (Connection connection = dataSource.getConnection()) {
				connection.isValid(5);
			}
		};
	}

}
