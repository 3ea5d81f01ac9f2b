package com.teesql.spring.boot.autoconfigure.routing;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

import com.teesql.jdbc.routing.LeaderPools;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Hikari's Micrometer metrics ({@code hikaricp.connections.*}) for the leader pools, under their stable names
 * ({@code pool=teesql-write}, {@code teesql-read}, ...): every pool that ever serves a name (the current leader's
 * and the draining pools of former leaders) reports into one Hikari tracker for that name, whose gauges are the sums
 * over the pools alive now. A series therefore survives a failover, and a draining pool's connections stay visible
 * until it is closed. A tracker per pool could not do this: two pools with one name would share a gauge bound to
 * the first, and closing the draining one would remove the series of its successor.
 *
 * @author teesql-spring-boot
 */
final class LeaderPoolMetricsTrackerFactory implements MetricsTrackerFactory {

	private final MicrometerMetricsTrackerFactory micrometer;

	private final Map<String, Slot> slots = new ConcurrentHashMap<>();

	LeaderPoolMetricsTrackerFactory(MeterRegistry registry) {
		this.micrometer = new MicrometerMetricsTrackerFactory(registry);
	}

	@Override
	public IMetricsTracker create(String poolName, PoolStats poolStats) {
		Slot slot = this.slots.computeIfAbsent(LeaderPools.slotName(poolName), Slot::new);
		slot.pools.add(poolStats);
		return new IMetricsTracker() {

			@Override
			public void recordConnectionCreatedMillis(long millis) {
				slot.tracker.recordConnectionCreatedMillis(millis);
			}

			@Override
			public void recordConnectionAcquiredNanos(long nanos) {
				slot.tracker.recordConnectionAcquiredNanos(nanos);
			}

			@Override
			public void recordConnectionUsageMillis(long millis) {
				slot.tracker.recordConnectionUsageMillis(millis);
			}

			@Override
			public void recordConnectionTimeout() {
				slot.tracker.recordConnectionTimeout();
			}

			// The name's series stay (at zero without pools): a successor pool may be created at any time.
			@Override
			public void close() {
				slot.pools.remove(poolStats);
			}

		};
	}

	private final class Slot {

		private final Set<PoolStats> pools = ConcurrentHashMap.newKeySet();

		private final IMetricsTracker tracker;

		Slot(String name) {
			this.tracker = LeaderPoolMetricsTrackerFactory.this.micrometer.create(name, new SummedStats(this.pools));
		}

	}

	private static final class SummedStats extends PoolStats {

		private final Set<PoolStats> pools;

		SummedStats(Set<PoolStats> pools) {
			super(0);
			this.pools = pools;
		}

		@Override
		protected void update() {
			this.totalConnections = sum(PoolStats::getTotalConnections);
			this.idleConnections = sum(PoolStats::getIdleConnections);
			this.activeConnections = sum(PoolStats::getActiveConnections);
			this.pendingThreads = sum(PoolStats::getPendingThreads);
			this.maxConnections = sum(PoolStats::getMaxConnections);
			this.minConnections = sum(PoolStats::getMinConnections);
		}

		private int sum(ToIntFunction<PoolStats> value) {
			return this.pools.stream().mapToInt(value).sum();
		}

	}

}
