package com.teesql.spring.boot.autoconfigure;

import javax.sql.DataSource;

import com.teesql.jdbc.tls.RaTlsSocketFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration for attested JDBC connections to a TeeSQL cluster: contributes {@link JdbcConnectionDetails}
 * that make Boot's pooled {@link DataSource} (and every {@code spring.datasource.hikari.*} setting) connect through
 * the RA-TLS socket factory.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({ DataSource.class, RaTlsSocketFactory.class })
@EnableConfigurationProperties(TeeSqlProperties.class)
// Order matters: the connector configuration is conditional on the details the first one may define.
@Import({ PropertiesTeeSqlConnectionDetailsConfiguration.class,
		PropertiesTeeSqlManifestConnectionDetailsConfiguration.class, TeeSqlManifestConfiguration.class,
		TeeSqlConnectorConfiguration.class, TeeSqlExceptionTranslationConfiguration.class,
		TeeSqlStartupVerificationConfiguration.class })
public final class TeeSqlAutoConfiguration {

}
