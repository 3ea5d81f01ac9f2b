package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.time.Duration;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.r2dbc.TeeSqlR2dbcAutoConfiguration;

/**
 * A minimal reactive application whose startup needs an R2DBC connection (schema initialisation, a warm-up query), as
 * {@link ConnectingApplication} is for JDBC.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ TeeSqlAutoConfiguration.class, TeeSqlR2dbcAutoConfiguration.class,
		R2dbcAutoConfiguration.class })
class ConnectingR2dbcApplication {

	@Bean
	InitializingBean connectAtStartup(ConnectionFactory connectionFactory) {
		return () -> Mono.usingWhen(Mono.from(connectionFactory.create()),
				(connection) -> Mono.from(connection.validate(io.r2dbc.spi.ValidationDepth.REMOTE)), Connection::close)
			.block(Duration.ofSeconds(30));
	}

}
