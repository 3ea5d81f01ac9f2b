package com.teesql.spring.boot.autoconfigure.actuate;

import java.util.Locale;
import java.util.regex.Pattern;

import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Keeps TeeSQL credentials masked in the {@code env} and {@code configprops} endpoints even when an operator sets
 * their {@code show-values} to {@code always}: the cluster secret is the Hikari pool's password, so it would
 * otherwise be printed as {@code spring.datasource.hikari.password}, as {@code teesql.cluster-secret}, inside
 * {@code teesql.url}, or as the {@code TEESQL_CLUSTER_SECRET} environment variable.
 * <p>
 * Only what the starter owns is touched ({@code teesql.*}, the DataSource it configures, the Intel Trust Authority
 * key it reads), and only when the starter is configured: every other key of the application is left to Boot's own
 * {@code show-values} rules and the application's own sanitizing functions.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = TeeSqlAutoConfiguration.class)
@ConditionalOnClass(SanitizingFunction.class)
@ConditionalOnBean(TeeSqlConnectionDetails.class)
public final class TeeSqlSanitizingAutoConfiguration {

	/** Any 64-hex run is treated as a cluster secret wherever it appears in a key the starter owns. */
	private static final Pattern SECRET = Pattern.compile("[0-9a-fA-F]{64}");

	/** Environment variable the Intel Trust Authority verifier reads its API key from. */
	private static final String ITA_API_KEY_VARIABLE = "inteltrustauthorityapikey";

	@Bean
	@ConditionalOnMissingBean(name = "teesqlSanitizingFunction")
	SanitizingFunction teesqlSanitizingFunction() {
		return (data) -> isOwnedCredential(data) ? data.withValue(SanitizableData.SANITIZED_VALUE) : data;
	}

	static boolean isOwnedCredential(SanitizableData data) {
		// One form for "teesql.cluster-secret", "teesql.clusterSecret" and "TEESQL_CLUSTER_SECRET".
		String key = data.getKey().toLowerCase(Locale.ROOT).replace('_', '.');
		String compact = key.replace(".", "").replace("-", "");
		boolean owned = key.startsWith("teesql.") || key.startsWith("spring.datasource.")
				|| compact.equals(ITA_API_KEY_VARIABLE);
		if (!owned) {
			return false;
		}
		if (compact.endsWith("password") || compact.contains("clustersecret") || compact.contains("apikey")) {
			return true;
		}
		Object value = data.getValue();
		return value != null && SECRET.matcher(value.toString()).find();
	}

}
