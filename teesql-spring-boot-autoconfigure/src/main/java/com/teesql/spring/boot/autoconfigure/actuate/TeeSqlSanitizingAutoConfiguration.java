package com.teesql.spring.boot.autoconfigure.actuate;

import java.util.regex.Pattern;

import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Keeps TeeSQL credentials masked in the {@code env} and {@code configprops} endpoints even when an operator sets
 * their {@code show-values} to {@code always}: the cluster secret is the Hikari pool's password, so it would
 * otherwise be printed as {@code spring.datasource.hikari.password}, as {@code teesql.cluster-secret}, inside
 * {@code teesql.url}, or as the {@code TEESQL_CLUSTER_SECRET} environment variable.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = TeeSqlAutoConfiguration.class)
@ConditionalOnClass(SanitizingFunction.class)
public final class TeeSqlSanitizingAutoConfiguration {

	/** Any 64-hex run is treated as a cluster secret wherever it appears. */
	private static final Pattern SECRET = Pattern.compile("[0-9a-fA-F]{64}");

	@Bean
	@ConditionalOnMissingBean(name = "teesqlSanitizingFunction")
	SanitizingFunction teesqlSanitizingFunction() {
		return (data) -> {
			if (isCredential(data)) {
				return data.withValue(SanitizableData.SANITIZED_VALUE);
			}
			return data;
		};
	}

	private static boolean isCredential(SanitizableData data) {
		String key = data.getLowerCaseKey();
		if (key.endsWith("password") || key.contains("cluster-secret") || key.contains("clustersecret")
				|| key.contains("cluster_secret") || key.contains("api-key") || key.contains("api_key")
				|| key.contains("apikey")) {
			return true;
		}
		Object value = data.getValue();
		return (key.startsWith("teesql") || key.contains("datasource")) && value != null
				&& SECRET.matcher(value.toString()).find();
	}

}
