package com.teesql.spring.boot.autoconfigure.r2dbc;

import java.util.Map;

import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.routing.LeaderPools.PoolKey;
import com.teesql.jdbc.routing.PreAttestationFailures;
import com.teesql.r2dbc.AttestedConnectionFactory;
import com.teesql.r2dbc.routing.OutcomeTrackingConnection;
import com.teesql.r2dbc.routing.R2dbcLeaderPools;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.r2dbc.connection.lookup.AbstractRoutingConnectionFactory;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * The R2DBC {@link ConnectionFactory} of an application following the leader of a signed DNS manifest: each
 * connection comes from the pool of the current leader (read-only transactions from the {@code teesql_read} pool
 * when {@code teesql.read-only.enabled}); a connection failure before attestation re-resolves the manifest and
 * retries once on a new leader; a commit whose connection is lost fails with
 * {@code R2dbcTransactionOutcomeUnknownException}. The same rules as the JDBC path's routing DataSource.
 *
 * @author teesql-spring-boot
 */
public class TeeSqlRoutingConnectionFactory extends AbstractRoutingConnectionFactory {

	private static final Logger logger = LoggerFactory.getLogger(TeeSqlRoutingConnectionFactory.class);

	private final ManifestWatcher watcher;

	private final R2dbcLeaderPools pools;

	private final boolean readOnlyRouting;

	public TeeSqlRoutingConnectionFactory(ManifestWatcher watcher, R2dbcLeaderPools pools, boolean readOnlyRouting) {
		this.watcher = watcher;
		this.pools = pools;
		this.readOnlyRouting = readOnlyRouting;
		setTargetConnectionFactories(Map.of());
		setLenientFallback(false);
	}

	@Override
	protected Mono<Object> determineCurrentLookupKey() {
		return Mono.zip(currentLeader(), readOnly()).map((both) -> PoolKey.of(both.getT1(), both.getT2()));
	}

	@Override
	protected Mono<ConnectionFactory> determineTargetConnectionFactory() {
		return Mono.zip(currentLeader(), readOnly()).map((both) -> this.pools.pool(both.getT1(), both.getT2()));
	}

	@Override
	public Mono<Connection> create() {
		return Mono.zip(currentLeader(), readOnly()).flatMap((both) -> {
			LeaderManifest leader = both.getT1();
			boolean readOnly = both.getT2();
			return connect(leader, readOnly).onErrorResume(PreAttestationFailures::isPreAttestation,
					(failure) -> reresolveAfter(failure, leader)
						.flatMap((next) -> connect(next, readOnly))
						.switchIfEmpty(Mono.error(failure)));
		});
	}

	private Mono<Connection> connect(LeaderManifest leader, boolean readOnly) {
		return Mono.from(this.pools.pool(leader, readOnly).create())
			.map((connection) -> OutcomeTrackingConnection.wrap(connection,
					leader.leaderUrl() + " (epoch " + leader.epoch() + ")"));
	}

	// Resolving the manifest is blocking DNS work: off the event loop.
	private Mono<LeaderManifest> reresolveAfter(Throwable failure, LeaderManifest failed) {
		return Mono.fromCallable(this.watcher::refreshNow)
			.subscribeOn(Schedulers.boundedElastic())
			.filter((next) -> next.leaderDiffersFrom(failed))
			.doOnNext((next) -> logger.info("Leader {} unreachable ({}); retrying once on the new leader {} (epoch {})",
					failed.leaderUrl(), failure.getMessage(), next.leaderUrl(), next.epoch()))
			.onErrorResume((refreshFailure) -> {
				failure.addSuppressed(refreshFailure);
				return Mono.empty();
			});
	}

	private Mono<LeaderManifest> currentLeader() {
		// Non-blocking while the manifest is fresh; an expired one is re-resolved (blocking) by the watcher.
		return Mono.fromCallable(this.watcher::current)
			.onErrorMap(com.teesql.jdbc.manifest.ManifestException.class,
					(ex) -> new IllegalStateException("No TeeSQL leader available: " + ex.getMessage(), ex));
	}

	private Mono<Boolean> readOnly() {
		if (!this.readOnlyRouting) {
			return Mono.just(false);
		}
		return TransactionSynchronizationManager.forCurrentTransaction()
			.map(TransactionSynchronizationManager::isCurrentTransactionReadOnly)
			.onErrorResume((noTransaction) -> Mono.just(false));
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		// Every target is an attested PostgreSQL factory; Spring Data picks its dialect from this.
		return AttestedConnectionFactoryMetadata.INSTANCE;
	}

	private static final class AttestedConnectionFactoryMetadata implements ConnectionFactoryMetadata {

		static final AttestedConnectionFactoryMetadata INSTANCE = new AttestedConnectionFactoryMetadata();

		@Override
		public String getName() {
			return AttestedConnectionFactory.METADATA_NAME;
		}

	}

}
