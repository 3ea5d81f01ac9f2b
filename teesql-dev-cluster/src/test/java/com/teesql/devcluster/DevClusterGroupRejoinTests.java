package com.teesql.devcluster;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.util.List;

import com.teesql.devcluster.postgres.ClusterRoles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.teesql.devcluster.RunningGroup.REPLICATION_WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A fenced leader of a two-node {@link DevClusterGroup} rejoining as a standby: by hand first, then automatically,
 * so that two nodes survive more failovers than they have standbys. The tests share one group and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevClusterGroupRejoinTests {

	@RegisterExtension
	static final RunningGroup running = new RunningGroup((options) -> options.withNodes(2));

	private static final List<LeaderAnnouncement> announcements = running.announcements();

	private static DevClusterGroup autoGroup;

	@AfterAll
	static void stopAutoGroup() {
		if (autoGroup != null) {
			autoGroup.close();
		}
	}

	@Test
	@Order(1)
	void fencedLeaderRejoinsAsAStandbyBehindANewSidecar() throws Exception {
		DevNode first = group().leader();
		try (Connection leader = client().connect(first, ClusterRoles.READ_WRITE)) {
			GroupClient.execute(leader, "CREATE TABLE rejoin_rows (id int PRIMARY KEY)");
			GroupClient.execute(leader, "INSERT INTO rejoin_rows SELECT generate_series(1, 100)");
		}
		int leaderPort = first.sidecarPort();
		assertThatIllegalArgumentException().isThrownBy(() -> group().rejoin(first)).withMessageContaining("LEADER");

		DevNode second = group().failover();
		assertThat(first.role()).isEqualTo(NodeRole.FENCED);
		assertThat(first.postgres().isRunning()).isFalse();

		assertThat(group().rejoin(first)).isSameAs(first);

		assertThat(first.role()).isEqualTo(NodeRole.STANDBY);
		assertThat(first.postgres().isInRecovery()).isTrue();
		assertThat(first.postgres().upstreamPort()).hasValue(second.postgres().server().port());
		assertThat(second.postgres().streamingStandbys()).containsExactly(first.postgres().name());
		assertThat(first.sidecarPort()).isNotEqualTo(leaderPort);
		assertThat(first.fencedSidecars()).singleElement().satisfies((fenced) -> {
			assertThat(fenced.port()).isEqualTo(leaderPort);
			assertThat(fenced.fencedInEpoch()).isEqualTo(1);
			assertThat(fenced.liveSessions()).isZero();
		});
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connectTcp(leaderPort));
		assertThat(group().epoch()).as("a rejoin announces nothing").isEqualTo(2);
		assertThat(announcements).hasSize(2);
		try (Connection leader = client().connect(second, ClusterRoles.READ_WRITE)) {
			GroupClient.execute(leader, "INSERT INTO rejoin_rows VALUES (101)");
		}
		client().awaitValue(first, ClusterRoles.READ, "SELECT count(*) FROM rejoin_rows", 101, REPLICATION_WAIT);
		assertThat(first.fencedSidecars().get(0).stats()).isEqualTo(first.fencedSidecars().get(0).statsAtFencing());
	}

	@Test
	@Order(2)
	void theRejoinedNodeIsPromotedBackWithEveryRowOfBothTimelines() throws Exception {
		DevNode first = group().node(0);
		DevNode second = group().leader();

		assertThat(group().failover()).isSameAs(first);
		assertThat(group().epoch()).isEqualTo(3);
		assertThat(announcements.get(2).leaderUrl()).isEqualTo(first.url());

		try (Connection leader = client().connect(first, ClusterRoles.READ_WRITE)) {
			assertThat(GroupClient.queryLong(leader, "SELECT count(*) FROM rejoin_rows")).isEqualTo(101);
			GroupClient.execute(leader, "INSERT INTO rejoin_rows VALUES (102)");
		}
		group().rejoin(second);
		client().awaitValue(second, ClusterRoles.READ, "SELECT max(id) FROM rejoin_rows", 102, REPLICATION_WAIT);
		assertThat(second.fencedSidecars()).hasSize(1);
	}

	@Test
	@Order(3)
	void autoRejoinKeepsTwoNodesFailingOverBackAndForth() throws Exception {
		autoGroup = DevClusterGroup.start(DevClusterGroupOptions.defaults().withNodes(2).withAutoRejoin(true));
		try (GroupClient autoClient = new GroupClient(autoGroup)) {
			for (int round = 1; round <= 3; round++) {
				DevNode previous = autoGroup.leader();
				DevNode promoted = autoGroup.failover();
				assertThat(previous.role()).isEqualTo(NodeRole.STANDBY);
				assertThat(previous.postgres().upstreamPort()).hasValue(promoted.postgres().server().port());
				try (Connection leader = autoClient.connect(promoted, ClusterRoles.READ_WRITE)) {
					GroupClient.execute(leader, "CREATE TABLE IF NOT EXISTS auto_rows (id int PRIMARY KEY)");
					GroupClient.execute(leader, "INSERT INTO auto_rows VALUES (" + round + ")");
				}
				autoClient.awaitValue(previous, ClusterRoles.READ, "SELECT count(*) FROM auto_rows", round,
						REPLICATION_WAIT);
			}
			assertThat(autoGroup.epoch()).isEqualTo(4);
			assertThat(autoGroup.node(0).fencedSidecars()).hasSize(2);
			assertThat(autoGroup.node(1).fencedSidecars()).hasSize(1);
		}
	}

	private static void connectTcp(int port) throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
		}
	}

	private static DevClusterGroup group() {
		return running.group();
	}

	private static GroupClient client() {
		return running.client();
	}

}
