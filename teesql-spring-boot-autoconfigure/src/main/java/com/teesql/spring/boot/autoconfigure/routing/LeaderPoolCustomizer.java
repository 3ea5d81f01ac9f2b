package com.teesql.spring.boot.autoconfigure.routing;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Customizes each Hikari pool of the leader-following DataSource when it is created (after
 * {@code spring.datasource.hikari.*} is applied, before it connects). Leader pools are created at run time, one per
 * leader and role, so they are not beans that Boot's post-processors could see.
 *
 * @author teesql-spring-boot
 */
@FunctionalInterface
public interface LeaderPoolCustomizer {

	/**
	 * Customize a new pool.
	 * @param pool the pool, named as {@link com.teesql.jdbc.routing.LeaderPools#slotName(String)} explains
	 */
	void customize(HikariDataSource pool);

}
