package com.teesql.spring.boot.autoconfigure.routing;

import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;

/**
 * Boot's {@link DataSourceHealthIndicator} for each pool the leader-following DataSource uses now, by stable name
 * ({@code teesql-write}, {@code teesql-read}, ...), looked up at every health request: after a failover the
 * components are the new leader's pools, not the drained ones.
 *
 * @author teesql-spring-boot
 */
public class LeaderPoolsHealthContributor implements CompositeHealthContributor {

	private final TeeSqlRoutingDataSource routing;

	public LeaderPoolsHealthContributor(TeeSqlRoutingDataSource routing) {
		this.routing = routing;
	}

	@Override
	public HealthContributor getContributor(String name) {
		HikariDataSource pool = this.routing.currentPools().get(name);
		return (pool != null) ? new DataSourceHealthIndicator(pool) : null;
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return this.routing.currentPools()
			.entrySet()
			.stream()
			.map((entry) -> new HealthContributors.Entry(entry.getKey(), new DataSourceHealthIndicator(entry.getValue())));
	}

}
