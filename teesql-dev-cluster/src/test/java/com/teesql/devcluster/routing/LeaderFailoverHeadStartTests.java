package com.teesql.devcluster.routing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.teesql.devcluster.DevClusterGroup;
import com.teesql.devcluster.DevClusterGroupOptions;
import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.LeaderAnnouncement;
import com.teesql.devcluster.dns.ManifestDnsServer;
import com.teesql.devcluster.dns.ManifestFields;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.ManifestResolver;
import com.teesql.jdbc.manifest.ManifestVerifier;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.routing.AsyncManifestRefresh;
import com.teesql.jdbc.routing.LeaderPools;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.testsupport.Await;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The head start a client gets after its leader fails, on a two-node dev cluster whose leader is published as a
 * signed manifest by the dev DNS server: a failed connection keeps the manifest re-resolved until the successor is
 * published (the regular refresh here is ten minutes away), and the successor's first connection is opened and
 * attested before the application asks for one. Each test fails the cluster over once; the fenced node rejoins as a
 * standby, so the tests do not depend on each other's order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaderFailoverHeadStartTests {

	private static final String DOMAIN = "head-start.teesql.test";

	/** Far beyond every deadline here: only the failure-driven re-resolution can see a change in time. */
	private static final Duration REGULAR_REFRESH = Duration.ofMinutes(10);

	/** Run in the publisher, just before the DNS server serves the new manifest (the old leader is fenced by then). */
	private final AtomicReference<Runnable> beforePublication = new AtomicReference<>();

	private ManifestDnsServer dns;

	private DevClusterGroup group;

	private ManifestResolver resolver;

	@BeforeAll
	void start() throws Exception {
		this.dns = ManifestDnsServer.start(DOMAIN);
		this.group = DevClusterGroup.start(DevClusterGroupOptions.defaults()
			.withNodes(2)
			.withAutoRejoin(true)
			.withPublisher(this::publish));
		this.resolver = ManifestResolver
			.builder(ManifestVerifier.builder(this.dns.signerAddress()).expectedCluster(this.group.clusterAddress())
				.build())
			.resolvers(List.of(this.dns.address()))
			.timeout(Duration.ofSeconds(2))
			.build();
	}

	@AfterAll
	void stop() {
		if (this.group != null) {
			this.group.close();
		}
		if (this.dns != null) {
			this.dns.close();
		}
	}

	private void publish(LeaderAnnouncement announcement) {
		Runnable hook = this.beforePublication.getAndSet(null);
		if (hook != null) {
			hook.run();
		}
		this.dns.publish(new ManifestFields(announcement.cluster(), announcement.epoch(), announcement.leaderInstance(),
				announcement.leaderUrl(), Instant.now().plus(DevManifestCluster.MANIFEST_VALIDITY).getEpochSecond()));
	}

	@Test
	void aFailedConnectionToTheFencedLeaderKeepsResolvingUntilTheSuccessorIsPublished() throws Exception {
		try (ManifestWatcher watcher = ManifestWatcher.start(this.resolver, DOMAIN, REGULAR_REFRESH);
				AsyncManifestRefresh refresh = new AsyncManifestRefresh(watcher)) {
			LeaderManifest former = watcher.current();
			RaTlsConnector formerLeader = RaTlsConnector
				.builder(leaderConfig(former))
				.quoteVerifier(this.group.quoteVerifier())
				.unreachableListener(refresh::request)
				.build();
			AtomicReference<Throwable> hookFailure = new AtomicReference<>();
			this.beforePublication.set(() -> {
				try {
					// Fenced, successor not yet published: the refused connection starts the re-resolution, which
					// must not stop at seeing the unchanged manifest.
					assertThatExceptionOfType(IOException.class).isThrownBy(formerLeader::connect);
					long queries = this.dns.udpQueries();
					Await.until("the manifest is re-resolved twice more", () -> this.dns.udpQueries() >= queries + 2);
					assertThat(watcher.lastGood().epoch()).isEqualTo(former.epoch());
					assertThat(refresh.isResolving()).isTrue();
				}
				catch (Throwable ex) {
					hookFailure.set(ex);
				}
			});

			this.group.failover();

			assertThat(hookFailure.get()).isNull();
			LeaderManifest successor = Await.until("the successor's manifest is seen", watcher::lastGood,
					(manifest) -> manifest.epoch() == this.group.epoch());
			assertThat(successor.leaderDiffersFrom(former)).isTrue();
			assertThat(successor.leaderUrl()).isEqualTo(this.group.currentAnnouncement().leaderUrl());
			Await.until("the re-resolution stops once the leader changed", () -> !refresh.isResolving());
			formerLeader.close();
		}
	}

	@Test
	void theNewLeadersFirstConnectionIsOpenedAndAttestedBeforeAnyBorrow() throws Exception {
		try (ManifestWatcher watcher = ManifestWatcher.start(this.resolver, DOMAIN, REGULAR_REFRESH);
				AsyncManifestRefresh refresh = new AsyncManifestRefresh(watcher);
				LeaderPools pools = new LeaderPools(settings(refresh), refresh)) {
			LeaderManifest former = watcher.current();
			pools.retireAllBut(former);
			watcher.addListener((previous, current) -> pools.retireAllBut(current));
			try (Connection connection = pools.pool(former, false).getConnection()) {
				assertThat(serverPort(connection)).isPositive();
			}

			this.group.failover();
			// The change is picked up at once here; how fast it is seen after a failure is the other test's subject.
			LeaderManifest successor = watcher.refreshNow();
			assertThat(successor.leaderDiffersFrom(former)).isTrue();

			HikariDataSource pool = Await.until("the successor's pool exists", () -> pools.currentPools().get("teesql-write"),
					(current) -> current != null && current.getPoolName().endsWith("-epoch" + successor.epoch()));
			Await.until("the successor's first connection is open, with no borrow asked",
					() -> pool.getHikariPoolMXBean() != null && pool.getHikariPoolMXBean().getTotalConnections() >= 1);
			RaTlsConnector connector = pools.connector(successor);
			assertThat(connector.config().port()).isEqualTo(successor.target().port());
			assertThat(connector.verificationCount()).isPositive();
			assertThat(connector.lastResult()).isPresent();

			try (Connection connection = pools.pool(successor, false).getConnection();
					Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery("SELECT pg_is_in_recovery()")) {
				rows.next();
				assertThat(rows.getBoolean(1)).as("the warmed connection is to the writable leader").isFalse();
			}
		}
	}

	private RaTlsConnectorConfig leaderConfig(LeaderManifest leader) throws Exception {
		RaTlsConnectorConfig any = anyTarget();
		return any.toBuilder(leader.target().host(), leader.target().port())
			.policy(any.policy().forLeader(leader))
			.build();
	}

	private RaTlsConnectorConfig anyTarget() throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse(this.group.dsn(ClusterRoles.READ_WRITE));
		return RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
			.dstackEndpoint(this.group.guestAgentEndpoint())
			.policy(AttestationPolicy.builder().allowedAppIds(List.of(this.group.appId())).build())
			.build();
	}

	private LeaderPools.PoolSettings settings(AsyncManifestRefresh refresh) throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse(this.group.dsn(ClusterRoles.READ_WRITE));
		return new LeaderPools.PoolSettings(dsn, this.group.readSecret(), List.of(), anyTarget(),
				(config) -> RaTlsConnector.builder(config)
					.quoteVerifier(this.group.quoteVerifier())
					.unreachableListener(refresh::request),
				(pool) -> {
					pool.setMaximumPoolSize(1);
					return pool;
				});
	}

	private static int serverPort(Connection connection) throws Exception {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT inet_server_port()")) {
			rows.next();
			return rows.getInt(1);
		}
	}

}
