package com.teesql.jdbc.monitor;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

/**
 * Connection counts of the application's Hikari pool, read without borrowing a connection.
 *
 * @author teesql-spring-boot
 */
public final class HikariPoolState {

	private final Supplier<DataSource> dataSource;

	/**
	 * Read the pool of a DataSource.
	 * @param dataSource supplies the application's single DataSource, or {@code null} when there is none or several
	 */
	public HikariPoolState(Supplier<DataSource> dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * The counts of the single Hikari DataSource, once its pool has started.
	 * @return active, idle, total and waiting, or empty without a (started) Hikari pool
	 */
	public Optional<Map<String, Object>> read() {
		DataSource dataSource = this.dataSource.get();
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
