package com.teesql.jdbc.routing;

import com.teesql.jdbc.manifest.LeaderTarget;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.tls.RaTlsConnector;

/**
 * Where writes go. A fixed URL is a leader that never changes ({@link Fixed}); with a signed leader manifest it is
 * whichever node the manifest currently names ({@link Manifest}). Everything that follows the leader (the monitor,
 * startup verification) takes a {@code Leader} and needs no second code path for a fixed URL.
 *
 * @author teesql-spring-boot
 */
public sealed interface Leader permits Leader.Fixed, Leader.Manifest {

	/**
	 * The connector of the leader in hand, without any remote call.
	 * @return the connector writes go through now
	 */
	RaTlsConnector connector();

	/**
	 * Where the leader in hand listens, without any remote call.
	 * @return its RA-TLS listener
	 */
	default LeaderTarget target() {
		return new LeaderTarget(connector().config().host(), connector().config().port());
	}

	/**
	 * The leader of a fixed URL.
	 * @param connector the connector of the configured target
	 * @return a leader that never changes
	 */
	static Leader fixed(RaTlsConnector connector) {
		return new Fixed(connector);
	}

	/**
	 * The leader a signed manifest names.
	 * @param watcher the application's manifest watcher
	 * @param pools the application's pools per leader, which hold each leader's connector
	 * @return a leader that follows the manifest
	 */
	static Leader following(ManifestWatcher watcher, LeaderPools pools) {
		return new Manifest(watcher, pools);
	}

	/**
	 * A fixed URL: one connector for the application's lifetime.
	 *
	 * @param connector the connector
	 */
	record Fixed(RaTlsConnector connector) implements Leader {

	}

	/**
	 * The node the signed manifest currently names, through the read-write pool of that leader.
	 *
	 * @param watcher the manifest watcher
	 * @param pools the pools per leader
	 */
	record Manifest(ManifestWatcher watcher, LeaderPools pools) implements Leader {

		@Override
		public RaTlsConnector connector() {
			return this.pools.connector(this.watcher.lastGood());
		}

	}

}
