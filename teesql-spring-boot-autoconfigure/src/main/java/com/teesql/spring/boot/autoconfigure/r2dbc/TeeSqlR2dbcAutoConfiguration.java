package com.teesql.spring.boot.autoconfigure.r2dbc;

import java.util.List;

import com.teesql.r2dbc.AttestedConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectorRegistration;

/**
 * Auto-configuration for attested R2DBC connections to a TeeSQL cluster: contributes {@link R2dbcConnectionDetails}
 * that make Boot's R2DBC {@link ConnectionFactory} (and every {@code spring.r2dbc.pool.*} setting) connect through the
 * same RA-TLS connector, verification and metrics as the JDBC path. The same {@code teesql.*} properties configure
 * both; the embedded dev cluster is a service connection for both.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = TeeSqlAutoConfiguration.class,
		beforeName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration")
@ConditionalOnClass({ ConnectionFactory.class, AttestedConnectionFactory.class, R2dbcConnectionDetails.class })
@ConditionalOnBean({ TeeSqlConnectionDetails.class, TeeSqlConnectorRegistration.class })
public final class TeeSqlR2dbcAutoConfiguration {

	private static final List<String> OWN_CONNECTION_PROPERTIES = List.of("spring.r2dbc.url",
			"spring.r2dbc.username", "spring.r2dbc.password");

	@Bean
	@ConditionalOnMissingBean(R2dbcConnectionDetails.class)
	TeeSqlR2dbcConnectionDetails teesqlR2dbcConnectionDetails(TeeSqlConnectionDetails details,
			TeeSqlConnectorRegistration registration, Environment environment) {
		refuseOwnConnection(environment);
		return new TeeSqlR2dbcConnectionDetails(details.getDsn(), registration.getConnector());
	}

	// Names only are reported, never values: they may be credentials.
	static void refuseOwnConnection(Environment environment) {
		List<String> set = OWN_CONNECTION_PROPERTIES.stream()
			.filter((property) -> StringUtils.hasText(environment.getProperty(property)))
			.toList();
		if (!set.isEmpty()) {
			throw new R2dbcConnectionBypassException(set);
		}
	}

}
