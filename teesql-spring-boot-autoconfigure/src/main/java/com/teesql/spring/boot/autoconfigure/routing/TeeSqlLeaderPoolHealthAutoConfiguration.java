package com.teesql.spring.boot.autoconfigure.routing;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.teesql.jdbc.routing.LeaderPools;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Boot's {@code db} health in leader mode: Boot's own contributor reads a routing DataSource's targets once, at
 * startup, so after a failover it would check drained pools. This one ({@link LeaderPoolsHealthContributor}) reads
 * the current pools at every request; other DataSource beans get Boot's {@link DataSourceHealthIndicator} as
 * before. It takes Boot's bean name, {@code dbHealthContributor}, so Boot's backs off; define a bean of that name to
 * replace it. {@code management.health.db.enabled=false} turns it off like Boot's.
 *
 * @author teesql-spring-boot
 */
@AutoConfiguration(after = { TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class },
		beforeName = "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration")
@ConditionalOnClass({ DataSourceHealthIndicator.class, CompositeHealthContributor.class,
		ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(LeaderPools.class)
@ConditionalOnEnabledHealthIndicator("db")
public final class TeeSqlLeaderPoolHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "dbHealthIndicator", "dbHealthContributor" })
	HealthContributor dbHealthContributor(Map<String, DataSource> dataSources) throws SQLException {
		Map<String, HealthContributor> contributors = new LinkedHashMap<>();
		for (Map.Entry<String, DataSource> entry : dataSources.entrySet()) {
			DataSource dataSource = entry.getValue();
			contributors.put(entry.getKey(), dataSource.isWrapperFor(TeeSqlRoutingDataSource.class)
					? new LeaderPoolsHealthContributor(dataSource.unwrap(TeeSqlRoutingDataSource.class))
					: new DataSourceHealthIndicator(dataSource));
		}
		return (contributors.size() == 1) ? contributors.values().iterator().next()
				: CompositeHealthContributor.fromMap(contributors);
	}

}
