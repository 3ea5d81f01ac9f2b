package com.teesql.spring.boot.autoconfigure;

import com.teesql.jdbc.errors.InvalidDsnException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Defines {@link TeeSqlConnectionDetails} from {@code teesql.*} properties when no other source did.
 *
 * @author teesql-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "teesql", name = "url")
class PropertiesTeeSqlConnectionDetailsConfiguration {

	@Bean
	@ConditionalOnMissingBean(TeeSqlConnectionDetails.class)
	PropertiesTeeSqlConnectionDetails teesqlConnectionDetails(TeeSqlProperties properties) throws InvalidDsnException {
		return new PropertiesTeeSqlConnectionDetails(properties);
	}

}
