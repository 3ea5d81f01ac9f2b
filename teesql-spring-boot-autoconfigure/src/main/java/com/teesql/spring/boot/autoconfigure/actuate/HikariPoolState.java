package com.teesql.spring.boot.autoconfigure.actuate;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Connection counts of the application's Hikari pool, read without borrowing a connection.
 *
 * @author teesql-spring-boot
 */
final class HikariPoolState {

	private final ObjectProvider<DataSource> dataSources;

	HikariPoolState(ObjectProvider<DataSource> dataSources) {
		this.dataSources = dataSources;
	}

	/**
	 * The counts of the single Hikari DataSource, once its pool has started.
	 * @return active, idle, total and waiting, or empty without a (started) Hikari pool
	 */
	Optional<Map<String, Object>> read() {
		DataSource dataSource = this.dataSources.getIfUnique();
		if (dataSource == null) {
			return Optional.empty();
		}
		HikariPoolMXBean pool = hikari(dataSource).map(HikariDataSource::getHikariPoolMXBean).orElse(null);
		if (pool == null) {
			return Optional.empty();
		}
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("active", pool.getActiveConnections());
		state.put("idle", pool.getIdleConnections());
		state.put("total", pool.getTotalConnections());
		state.put("waiting", pool.getThreadsAwaitingConnection());
		return Optional.of(state);
	}

	private static Optional<HikariDataSource> hikari(DataSource dataSource) {
		if (dataSource instanceof HikariDataSource hikari) {
			return Optional.of(hikari);
		}
		try {
			return dataSource.isWrapperFor(HikariDataSource.class)
					? Optional.of(dataSource.unwrap(HikariDataSource.class)) : Optional.empty();
		}
		catch (SQLException ex) {
			return Optional.empty();
		}
	}

}
