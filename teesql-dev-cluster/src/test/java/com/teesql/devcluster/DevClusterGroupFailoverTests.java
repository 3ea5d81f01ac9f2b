package com.teesql.devcluster;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import com.teesql.devcluster.postgres.ClusterRoles;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.teesql.devcluster.RunningGroup.REPLICATION_WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Failover of a three-node {@link DevClusterGroup}, twice, then shutdown. The tests share one group and run in
 * order, each building on the cluster the previous one left: starting PostgreSQL three times per scenario would
 * cost more than the scenarios themselves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevClusterGroupFailoverTests {

	/** Threads of the dev cluster and of zonky's output loggers (named after the binaries they read). */
	private static final List<String> CLUSTER_THREAD_PREFIXES = List.of("teesql-sidecar-", "guest-agent-",
			"dev-pcs-", "pg_ctl:", "initdb:", "postgres:");

	@RegisterExtension
	static final RunningGroup running = new RunningGroup((options) -> options);

	private static final List<LeaderAnnouncement> announcements = running.announcements();

	@Test
	@Order(1)
	void failoverFencesTheLeaderAndPromotesAStandbyWithEveryCommittedRow() throws Exception {
		DevNode previous = group().leader();
		ProcessHandle previousPostmaster = previous.postgres().postmaster().orElseThrow();
		Connection live = client().connect(previous, ClusterRoles.READ_WRITE);
		Connection inFlight = client().connect(previous, ClusterRoles.READ_WRITE);
		try {
			GroupClient.execute(live, "CREATE TABLE failover_rows (id int PRIMARY KEY)");
			for (int id = 1; id <= 200; id++) {
				GroupClient.execute(live, "INSERT INTO failover_rows VALUES (" + id + ")");
			}
			inFlight.setAutoCommit(false);
			GroupClient.execute(inFlight, "INSERT INTO failover_rows VALUES (-1)");
			assertThat(previous.liveSessions()).isGreaterThanOrEqualTo(2);

			DevNode promoted = group().failover();

			assertThat(previous.role()).isEqualTo(NodeRole.FENCED);
			assertThat(previous.liveSessions()).isZero();
			assertThat(catchThrowableOfType(SQLException.class, () -> GroupClient.queryLong(live, "SELECT 1"))
				.getSQLState()).startsWith("08");
			assertThat(catchThrowableOfType(SQLException.class, inFlight::commit).getSQLState()).startsWith("08");
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connectTcp(previous.sidecarPort()));
			assertThat(previous.postgres().isRunning()).isFalse();
			assertThat(previousPostmaster.isAlive()).isFalse();

			assertThat(promoted).isNotSameAs(previous).isSameAs(group().leader());
			assertThat(promoted.role()).isEqualTo(NodeRole.LEADER);
			assertThat(promoted.postgres().isInRecovery()).isFalse();
			assertThat(group().epoch()).isEqualTo(2);
			assertThat(announcements).hasSize(2);
			assertThat(announcements.get(1)).isEqualTo(new LeaderAnnouncement(2, promoted.instanceId(),
					"https://127.0.0.1:" + promoted.sidecarPort(), group().clusterAddress()));
			assertThat(group().dsn(ClusterRoles.READ_WRITE)).contains("@127.0.0.1:" + promoted.sidecarPort() + "/");

			try (Connection leader = client().connect(promoted, ClusterRoles.READ_WRITE)) {
				assertThat(GroupClient.queryLong(leader, "SELECT count(*) FROM failover_rows")).isEqualTo(200);
				assertThat(GroupClient.queryLong(leader, "SELECT count(*) FROM failover_rows WHERE id < 0")).isZero();
				GroupClient.execute(leader, "INSERT INTO failover_rows VALUES (201)");
			}
			DevNode remaining = onlyStandby();
			assertThat(remaining.postgres().upstreamPort()).hasValue(promoted.postgres().server().port());
			assertThat(promoted.postgres().streamingStandbys()).containsExactly(remaining.postgres().name());
			client().awaitValue(remaining, ClusterRoles.READ, "SELECT count(*) FROM failover_rows", 201,
					REPLICATION_WAIT);
		}
		finally {
			live.close();
			inFlight.close();
		}
	}

	@Test
	@Order(2)
	void secondFailoverPromotesTheLastStandbyAndAThirdIsRefused() throws Exception {
		DevNode previous = group().leader();
		DevNode last = onlyStandby();

		DevNode promoted = group().failover();

		assertThat(promoted).isSameAs(last).isSameAs(group().leader());
		assertThat(previous.role()).isEqualTo(NodeRole.FENCED);
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connectTcp(previous.sidecarPort()));
		assertThat(group().epoch()).isEqualTo(3);
		assertThat(announcements).extracting(LeaderAnnouncement::epoch).containsExactly(1L, 2L, 3L);
		assertThat(announcements.get(2).leaderInstance()).isEqualTo(promoted.instanceId());
		assertThat(announcements).extracting(LeaderAnnouncement::leaderInstance).doesNotHaveDuplicates();
		try (Connection leader = client().connect(promoted, ClusterRoles.READ_WRITE)) {
			assertThat(GroupClient.queryLong(leader, "SELECT count(*) FROM failover_rows")).isEqualTo(201);
			GroupClient.execute(leader, "INSERT INTO failover_rows VALUES (202)");
			assertThat(GroupClient.queryLong(leader, "SELECT max(id) FROM failover_rows")).isEqualTo(202);
		}

		assertThatIllegalStateException().isThrownBy(group()::failover).withMessageContaining("No standby left");
		assertThat(group().leader()).isSameAs(promoted);
		assertThat(promoted.role()).isEqualTo(NodeRole.LEADER);
		assertThat(group().epoch()).isEqualTo(3);
		assertThat(announcements).hasSize(3);
	}

	@Test
	@Order(3)
	void closeLeavesNoProcessThreadOrDataDirectory() throws Exception {
		List<ProcessHandle> postmasters = group().nodes()
			.stream()
			.map((node) -> node.postgres().postmaster().orElseThrow())
			.toList();
		List<Path> dataDirectories = group().nodes().stream().map((node) -> node.postgres().dataDirectory()).toList();
		List<Integer> sidecarPorts = group().nodes().stream().map(DevNode::sidecarPort).toList();
		assertThat(postmasters).hasSize(3).anyMatch(ProcessHandle::isAlive);

		group().close();

		assertThat(postmasters).noneMatch(ProcessHandle::isAlive);
		assertThat(dataDirectories).noneMatch(Files::exists);
		for (int port : sidecarPorts) {
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connectTcp(port));
		}
		awaitNoClusterThreads(Duration.ofSeconds(10));
		assertThatIllegalStateException().isThrownBy(group()::failover).withMessageContaining("closed");
	}

	private static DevNode onlyStandby() {
		List<DevNode> standbys = group().nodes().stream().filter((node) -> node.role() == NodeRole.STANDBY).toList();
		assertThat(standbys).hasSize(1);
		return standbys.get(0);
	}

	private static void connectTcp(int port) throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
		}
	}

	private static void awaitNoClusterThreads(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<String> leftovers;
		while (!(leftovers = clusterThreads()).isEmpty() && System.nanoTime() - deadline < 0) {
			GroupClient.sleep(50);
		}
		assertThat(leftovers).as("threads still alive after close()").isEmpty();
	}

	private static List<String> clusterThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> !running.threadsBeforeStart().contains(thread.getId()))
			.map(Thread::getName)
			.filter((name) -> CLUSTER_THREAD_PREFIXES.stream().anyMatch(name::startsWith))
			.toList();
	}

	private static DevClusterGroup group() {
		return running.group();
	}

	private static GroupClient client() {
		return running.client();
	}

}
