package com.teesql.spring.boot.autoconfigure.actuate;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import com.teesql.jdbc.manifest.LeaderTarget;
import com.teesql.jdbc.monitor.HikariPoolState;
import com.teesql.jdbc.monitor.MonitoredTargets;
import com.teesql.jdbc.monitor.TeeSqlConnectionActivity;
import com.teesql.jdbc.monitor.TeeSqlMonitor;
import com.teesql.jdbc.routing.Leader;
import com.teesql.jdbc.sidecar.SidecarHttpClient;
import com.teesql.jdbc.sidecar.SidecarHttpUrlResolver;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.TeeSqlProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link TeeSqlMonitor} of the {@link Leader}: what the {@code teesql} health indicator, info contributor and
 * actuator endpoint report ({@link TeeSqlHealthContributorAutoConfiguration},
 * {@link TeeSqlInfoContributorAutoConfiguration}, {@link TeeSqlEndpointAutoConfiguration}). The leader is the fixed
 * target of {@code teesql.url} or, with {@code teesql.manifest.domain}, the node the signed manifest currently names;
 * see {@link SidecarHttpUrlResolver} for where its sidecar HTTP API is found. Needs no actuator class.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = TeeSqlAutoConfiguration.class)
@ConditionalOnBean(Leader.class)
public final class TeeSqlMonitorAutoConfiguration {

	/** Port of the sidecar's HTTP API on a real node. */
	static final int SIDECAR_HTTP_PORT = 8080;

	@Bean
	@ConditionalOnMissingBean
	TeeSqlConnectionActivity teesqlConnectionActivity() {
		return new TeeSqlConnectionActivity();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	TeeSqlMonitor teesqlMonitor(Leader leader, TeeSqlConnectionActivity activity, TeeSqlProperties properties,
			ObjectProvider<TeeSqlConnectionDetails> details, ObjectProvider<SidecarHttpUrlResolver> sidecarUrls,
			ObjectProvider<DataSource> dataSources) {
		Duration timeout = properties.getSidecar().getTimeout();
		SidecarHttpUrlResolver resolver = sidecarHttpUrls(properties, sidecarUrls.getIfAvailable(),
				details.getIfAvailable());
		MonitoredTargets targets = MonitoredTargets.of(leader,
				(target) -> new SidecarHttpClient(resolver.sidecarHttpUrl(target), timeout));
		return new TeeSqlMonitor(targets, activity, new HikariPoolState(dataSources::getIfUnique), timeout,
				Clock.systemUTC());
	}

	// An explicit property (one fixed sidecar, for example behind a proxy) wins, then the application's resolver,
	// then what the details source knows of its own node (the dev cluster's ephemeral port), then the standard port
	// on the leader's host.
	static SidecarHttpUrlResolver sidecarHttpUrls(TeeSqlProperties properties, SidecarHttpUrlResolver resolver,
			TeeSqlConnectionDetails details) {
		URI fixed = properties.getSidecar().getHttpUrl();
		if (fixed != null) {
			return (leader) -> fixed;
		}
		if (resolver != null) {
			return resolver;
		}
		URI known = (details != null) ? details.getSidecarHttpUrl() : null;
		LeaderTarget knownNode = (known != null) ? new LeaderTarget(details.getDsn().host(), details.getDsn().port())
				: null;
		return (leader) -> leader.equals(knownNode) ? known : standardSidecarHttpUrl(leader.host());
	}

	private static URI standardSidecarHttpUrl(String host) {
		return URI.create("http://" + ((host.indexOf(':') >= 0) ? "[" + host + "]" : host) + ":" + SIDECAR_HTTP_PORT);
	}

}
