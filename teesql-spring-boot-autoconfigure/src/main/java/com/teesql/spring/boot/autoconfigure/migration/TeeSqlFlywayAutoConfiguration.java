package com.teesql.spring.boot.autoconfigure.migration;

import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import org.flywaydb.core.Flyway;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Keeps Boot's Flyway on the attested DataSource: with no {@code spring.flyway.url}, {@code spring.flyway.user} or
 * {@code spring.flyway.password}, Boot's Flyway auto-configuration migrates through the application's DataSource,
 * which the TeeSQL starter connects through RA-TLS (to the leader in manifest mode). Any of those properties would
 * make Flyway open a plain JDBC connection of its own, so the starter refuses them with a
 * {@link MigrationConnectionBypassException} before Flyway connects.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = TeeSqlAutoConfiguration.class, before = FlywayAutoConfiguration.class)
@ConditionalOnClass({ Flyway.class, FlywayConfigurationCustomizer.class })
@ConditionalOnBean(TeeSqlConnectionDetails.class)
public final class TeeSqlFlywayAutoConfiguration {

	/**
	 * Applied by Boot while it builds the {@code Flyway} bean, that is before the migration connects.
	 * @param environment the application's environment
	 * @return the customizer refusing Flyway's own connection
	 */
	@Bean
	FlywayConfigurationCustomizer teesqlFlywayConnectionGuard(Environment environment) {
		return (configuration) -> MigrationConnectionGuard.refuseOwnConnection(environment, "Flyway", "spring.flyway");
	}

}
