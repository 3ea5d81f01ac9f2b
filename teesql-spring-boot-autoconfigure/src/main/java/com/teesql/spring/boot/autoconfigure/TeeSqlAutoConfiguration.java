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
 * Auto-configuration for attested JDBC connections to a TeeSQL cluster: one {@code Leader} bean, where writes go.
 * A fixed {@code teesql.url} is a leader that never changes: {@link JdbcConnectionDetails} make Boot's pooled
 * {@link DataSource} (and every {@code spring.datasource.hikari.*} setting) connect through the RA-TLS socket factory.
 * With {@code teesql.manifest.domain} the leader is the node the signed manifest names, and a routing DataSource
 * follows it.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({ DataSource.class, RaTlsSocketFactory.class })
@EnableConfigurationProperties(TeeSqlProperties.class)
// The details first: the others are conditional on the details they may define. The leader is either a fixed URL
// (TeeSqlConnectorConfiguration) or the manifest's (TeeSqlManifestConfiguration), by whether manifest details exist.
@Import({ PropertiesTeeSqlConnectionDetailsConfiguration.class,
		PropertiesTeeSqlManifestConnectionDetailsConfiguration.class, TeeSqlConnectorConfiguration.class,
		TeeSqlManifestConfiguration.class, TeeSqlExceptionTranslationConfiguration.class,
		TeeSqlStartupVerificationConfiguration.class })
public final class TeeSqlAutoConfiguration {

}
