package com.teesql.spring.boot.autoconfigure.r2dbc;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.DevNode;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.r2dbc.routing.R2dbcLeaderPools;
import com.teesql.r2dbc.routing.R2dbcTransactionOutcomeUnknownException;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.routing.TeeSqlLeaderChangedEvent;
import com.teesql.spring.boot.autoconfigure.support.GroupConnectionDetails;
import com.teesql.spring.boot.autoconfigure.support.LeaderChangeEvents;
import com.teesql.testsupport.Await;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The leader-following R2DBC ConnectionFactory on a real three-node dev cluster whose leader is published as a signed
 * DNS manifest: concurrent reactive writers keep writing while the cluster fails over, and no acknowledged write is
 * lost.
 */
class TeeSqlR2dbcLeaderFailoverTests {

	private static final Duration BLOCK = Duration.ofSeconds(30);

	private static DevManifestCluster cluster;

	@BeforeAll
	static void start() {
		cluster = DevManifestCluster.start(3, "r2dbc-routing.teesql.test");
	}

	@AfterAll
	static void stop() {
		cluster.close();
	}

	private ApplicationContextRunner runner() {
		QuoteVerifier verifier = cluster.group().quoteVerifier();
		String endpoint = cluster.group().guestAgentEndpoint();
		TeeSqlDsn dsn = GroupConnectionDetails.parse(cluster.group().dsn("teesql_readwrite"));
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, TeeSqlR2dbcAutoConfiguration.class,
					R2dbcAutoConfiguration.class, R2dbcTransactionManagerAutoConfiguration.class))
			.withBean(TeeSqlConnectionDetails.class,
					() -> new GroupConnectionDetails(dsn, endpoint, verifier, cluster.group().appId()))
			.withBean(LeaderChangeEvents.class, LeaderChangeEvents::new)
			.withPropertyValues("teesql.manifest.domain=r2dbc-routing.teesql.test",
					"teesql.manifest.signer-address=" + cluster.signerAddress(),
					"teesql.manifest.cluster-address=" + cluster.group().clusterAddress(),
					"teesql.manifest.resolvers=" + cluster.resolver(), "teesql.manifest.refresh-interval=1s",
					"teesql.read-only.enabled=true", "spring.r2dbc.pool.max-size=4", "spring.r2dbc.pool.initial-size=0",
					"spring.r2dbc.pool.max-acquire-time=5s");
	}

	@Test
	void concurrentReactiveWritersFollowTheLeaderAcrossAFailoverWithNothingLost() throws Exception {
		runner().run((context) -> {
			ConnectionFactory factory = context.getBean(ConnectionFactory.class);
			assertThat(factory).isInstanceOf(TeeSqlRoutingConnectionFactory.class);
			assertThat(factory.getMetadata().getName()).isEqualTo("PostgreSQL");
			DatabaseClient client = DatabaseClient.create(factory);
			assertThat(currentUser(client)).isEqualTo("teesql_readwrite");
			DefaultTransactionDefinition readOnlyDefinition = new DefaultTransactionDefinition();
			readOnlyDefinition.setReadOnly(true);
			TransactionalOperator readOnly = TransactionalOperator
				.create(context.getBean(ReactiveTransactionManager.class), readOnlyDefinition);
			assertThat(client.sql("SELECT current_user").map((row) -> row.get(0, String.class)).one()
				.as(readOnly::transactional)
				.block(BLOCK)).isEqualTo(R2dbcLeaderPools.READ_ROLE);
			client.sql("CREATE TABLE IF NOT EXISTS r2dbc_failover_writes (id bigint PRIMARY KEY)").then().block(BLOCK);

			Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			AtomicLong ids = new AtomicLong();
			AtomicBoolean failedOver = new AtomicBoolean();
			AtomicInteger writesAfterFailover = new AtomicInteger();
			long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
			Mono<Void> writeOnce = Mono.defer(() -> {
				long id = ids.incrementAndGet();
				return client.sql("INSERT INTO r2dbc_failover_writes (id) VALUES ($1)")
					.bind("$1", id)
					.fetch()
					.rowsUpdated()
					.doOnNext((updated) -> {
						acknowledged.add(id);
						if (failedOver.get()) {
							writesAfterFailover.incrementAndGet();
						}
					})
					.then()
					.onErrorResume((ex) -> {
						failures.add(ex);
						return Mono.delay(Duration.ofMillis(100)).then();
					});
			});
			Flux<Void> writer = writeOnce
				.repeat(() -> System.nanoTime() < deadline && writesAfterFailover.get() < 40);
			CompletableFuture<Void> writers = Flux.merge(writer, writer, writer, writer)
				.then()
				.subscribeOn(Schedulers.boundedElastic())
				.toFuture();

			// A transaction left open across the failover: its commit cannot know whether the old leader committed.
			Connection inFlight = Mono.from(factory.create()).block(BLOCK);
			Mono.from(inFlight.beginTransaction()).block(BLOCK);
			Flux.from(inFlight.createStatement("INSERT INTO r2dbc_failover_writes (id) VALUES (-1)").execute())
				.flatMap(Result::getRowsUpdated)
				.blockLast(BLOCK);
			awaitUntil(() -> acknowledged.size() >= 20, "writes before the failover");
			DevNode former = cluster.group().leader();
			DevNode leader = cluster.failover();
			failedOver.set(true);
			R2dbcTransactionOutcomeUnknownException unknown = catchThrowableOfType(
					R2dbcTransactionOutcomeUnknownException.class,
					() -> Mono.from(inFlight.commitTransaction()).block(BLOCK));
			assertThat(unknown).isNotNull();
			assertThat(unknown).hasMessageContaining("outcome is unknown");
			assertThat(unknown.getSqlState()).isEqualTo("08007");
			Mono.from(inFlight.close()).onErrorResume((ex) -> Mono.empty()).block(BLOCK);
			writers.get(120, TimeUnit.SECONDS);

			assertThat(writesAfterFailover.get()).as("writes resumed on the new leader without a restart; failures %s",
					failures).isGreaterThanOrEqualTo(40);
			assertThat(leader.instanceId()).isNotEqualTo(former.instanceId());
			List<Long> stored = client.sql("SELECT id FROM r2dbc_failover_writes")
				.map((row) -> row.get(0, Long.class))
				.all()
				.collectList()
				.block(BLOCK);
			assertThat(stored).as("every acknowledged write is on the new leader, once").containsAll(acknowledged);
			assertThat(stored).doesNotHaveDuplicates().doesNotContain(-1L);
			assertThat(client.sql("SELECT pg_is_in_recovery()").map((row) -> row.get(0, Boolean.class)).one()
				.block(BLOCK)).isFalse();
			List<TeeSqlLeaderChangedEvent> events = context.getBean(LeaderChangeEvents.class)
				.events()
				.stream()
				.filter((event) -> event.getSource() == factory)
				.toList();
			assertThat(events).hasSize(1)
				.first()
				.satisfies((event) -> assertThat(event.getCurrent().epoch()).isGreaterThan(event.getPrevious().epoch()));
			// The former leader's pools were drained: only the current leader's remain.
			assertThat(context.getBean(R2dbcLeaderPools.class).targets().keySet())
				.allSatisfy((key) -> assertThat(key.epoch()).isEqualTo(events.get(0).getCurrent().epoch()));
			assertThat(client.sql("SELECT current_user").map((row) -> row.get(0, String.class)).one()
				.as(readOnly::transactional)
				.block(BLOCK)).isEqualTo(R2dbcLeaderPools.READ_ROLE);
		});
	}

	private static String currentUser(DatabaseClient client) {
		return client.sql("SELECT current_user").map((row) -> row.get(0, String.class)).one().block(BLOCK);
	}

	private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) {
		Await.until(what, Duration.ofSeconds(60), condition);
	}

}
