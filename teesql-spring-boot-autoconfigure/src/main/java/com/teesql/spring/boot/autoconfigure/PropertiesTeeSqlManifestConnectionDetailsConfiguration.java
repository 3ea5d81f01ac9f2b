package com.teesql.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Defines {@link TeeSqlManifestConnectionDetails} from {@code teesql.manifest.*} properties when no other source
 * did.
 *
 * @author teesql-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "teesql.manifest", name = "domain")
class PropertiesTeeSqlManifestConnectionDetailsConfiguration {

	@Bean
	@ConditionalOnMissingBean(TeeSqlManifestConnectionDetails.class)
	PropertiesTeeSqlManifestConnectionDetails teesqlManifestConnectionDetails(TeeSqlProperties properties) {
		return new PropertiesTeeSqlManifestConnectionDetails(properties.getManifest());
	}

}
